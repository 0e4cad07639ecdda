import { Migration } from '@mikro-orm/migrations';

export class Migration20261129121700_local_list extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "local_list_state" ("charge_point_id" varchar(100) not null, "held_version" int not null default 0, "held_entries" jsonb not null, "last_sent_version" int not null default 0, "last_update_type" varchar(20) null, "last_status" varchar(30) null, "last_sent_at" timestamptz null, "reported_version" int null, "reported_at" timestamptz null, "updated_at" timestamptz not null, constraint "local_list_state_pkey" primary key ("charge_point_id"));`);

    this.addSql(`create table "local_list_tag" ("id" serial primary key, "charge_point_id" varchar(100) not null, "tag_id" varchar(36) not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "local_list_tag_tag_index" on "local_list_tag" ("tag_id");`);
    this.addSql(`alter table "local_list_tag" add constraint "local_list_tag_unique" unique ("charge_point_id", "tag_id");`);

    this.addSql(`alter table "local_list_state" add constraint "local_list_state_charge_point_id_foreign" foreign key ("charge_point_id") references "charge_point" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "local_list_tag" add constraint "local_list_tag_charge_point_id_foreign" foreign key ("charge_point_id") references "charge_point" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "local_list_tag" add constraint "local_list_tag_tag_id_foreign" foreign key ("tag_id") references "charge_tag" ("tag_id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "local_list_tag" cascade;`);
    this.addSql(`drop table if exists "local_list_state" cascade;`);
  }

}
