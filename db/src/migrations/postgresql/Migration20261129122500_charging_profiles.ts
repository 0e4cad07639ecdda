import { Migration } from '@mikro-orm/migrations';

export class Migration20261129122500_charging_profiles extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "charging_profile" ("id" serial primary key, "charge_point_id" varchar(100) not null, "charging_profile_id" int not null, "connector_id" int not null, "stack_level" int not null, "purpose" varchar(30) not null, "kind" varchar(20) not null, "recurrency_kind" varchar(10) null, "valid_from" timestamptz null, "valid_to" timestamptz null, "transaction_id" int null, "schedule" text not null, "status" varchar(20) not null, "status_detail" varchar(300) null, "origin" varchar(20) not null, "created_by" varchar(100) null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "charging_profile" add constraint "charging_profile_station_id_unique" unique ("charge_point_id", "charging_profile_id");`);
    this.addSql(`alter table "charging_profile" add constraint "charging_profile_charge_point_id_foreign" foreign key ("charge_point_id") references "charge_point" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "charging_profile" cascade;`);
  }

}
