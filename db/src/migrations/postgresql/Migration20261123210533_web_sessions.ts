import { Migration } from '@mikro-orm/migrations';

export class Migration20261123210533_web_sessions extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "web_session" ("id" serial primary key, "user_id" int not null, "token_hash" varchar(64) not null, "created_at" timestamptz not null, "last_used_at" timestamptz not null, "expires_at" timestamptz not null);`);
    this.addSql(`alter table "web_session" add constraint "web_session_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "web_session_expires_index" on "web_session" ("expires_at");`);

    this.addSql(`alter table "web_session" add constraint "web_session_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "web_session" cascade;`);
  }

}
