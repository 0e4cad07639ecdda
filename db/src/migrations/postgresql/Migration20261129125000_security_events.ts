import { Migration } from '@mikro-orm/migrations';

export class Migration20261129125000_security_events extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "security_event" ("id" serial primary key, "charge_point_id" varchar(100) not null, "type" varchar(50) not null, "critical" boolean not null, "occurred_at" timestamptz not null, "received_at" timestamptz not null, "tech_info" varchar(255) null);`);
    this.addSql(`create index "security_event_station_time_index" on "security_event" ("charge_point_id", "received_at");`);
    this.addSql(`alter table "security_event" add constraint "security_event_charge_point_id_foreign" foreign key ("charge_point_id") references "charge_point" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "security_event" cascade;`);
  }

}
