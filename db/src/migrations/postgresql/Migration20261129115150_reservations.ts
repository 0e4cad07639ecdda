import { Migration } from '@mikro-orm/migrations';

export class Migration20261129115150_reservations extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "reservation" ("id" serial primary key, "charge_point_id" varchar(100) not null, "connector_id" int not null, "id_tag" varchar(36) not null, "parent_id_tag" varchar(36) null, "expires_at" timestamptz not null, "status" varchar(20) not null, "answer" varchar(40) null, "transaction_id" int null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`create index "reservation_station_status_index" on "reservation" ("charge_point_id", "status");`);
    this.addSql(`alter table "reservation" add constraint "reservation_charge_point_id_foreign" foreign key ("charge_point_id") references "charge_point" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "reservation" add constraint "reservation_transaction_id_foreign" foreign key ("transaction_id") references "charging_transaction" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "reservation" cascade;`);
  }

}
