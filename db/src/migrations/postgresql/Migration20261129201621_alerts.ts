import { Migration } from '@mikro-orm/migrations';

export class Migration20261129201621_alerts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "command_failure" ("id" serial primary key, "charge_point_id" varchar(100) not null, "command" varchar(50) not null, "code" varchar(50) not null, "message" varchar(500) not null, "requested_by" varchar(100) null, "failed_at" timestamptz not null);`);
    this.addSql(`create index "command_failure_time_index" on "command_failure" ("failed_at");`);
    this.addSql(`create index "command_failure_station_time_index" on "command_failure" ("charge_point_id", "failed_at");`);

    this.addSql(`alter table "command_failure" add constraint "command_failure_charge_point_id_foreign" foreign key ("charge_point_id") references "charge_point" ("id") on update cascade on delete cascade;`);

    this.addSql(`create index "security_event_critical_time_index" on "security_event" ("critical", "received_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "command_failure" cascade;`);

    this.addSql(`drop index "security_event_critical_time_index";`);
  }

}
