import { Migration } from '@mikro-orm/migrations';

export class Migration20261129120500_station_files extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "firmware_image" ("id" serial primary key, "name" varchar(200) not null, "version" varchar(100) not null, "size" int not null, "sha256" varchar(64) not null, "uploaded_by" varchar(100) null, "uploaded_at" timestamptz not null);`);
    this.addSql(`create table "station_file_job" ("id" serial primary key, "charge_point_id" varchar(100) not null, "kind" varchar(20) not null, "firmware_image_id" int null, "log_type" varchar(20) null, "location" varchar(1000) not null, "answer" varchar(255) null, "status" varchar(40) not null, "outcome" varchar(20) not null, "requested_by" varchar(100) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "upload_claimed_at" timestamptz null, "upload_name" varchar(255) null, "upload_size" int null, "uploaded_at" timestamptz null);`);
    this.addSql(`create index "station_file_job_station_index" on "station_file_job" ("charge_point_id", "kind", "id");`);
    this.addSql(`create table "station_file_job_event" ("id" serial primary key, "job_id" int not null, "status" varchar(40) not null, "at" timestamptz not null);`);
    this.addSql(`create index "station_file_job_event_job_index" on "station_file_job_event" ("job_id");`);
    this.addSql(`alter table "station_file_job" add constraint "station_file_job_charge_point_id_foreign" foreign key ("charge_point_id") references "charge_point" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "station_file_job_event" add constraint "station_file_job_event_job_id_foreign" foreign key ("job_id") references "station_file_job" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "station_file_job_event" cascade;`);
    this.addSql(`drop table if exists "station_file_job" cascade;`);
    this.addSql(`drop table if exists "firmware_image" cascade;`);
  }

}
