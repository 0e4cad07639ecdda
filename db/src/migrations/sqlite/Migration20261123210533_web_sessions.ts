import { Migration } from '@mikro-orm/migrations';

export class Migration20261123210533_web_sessions extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`web_session\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`token_hash\` text not null, \`created_at\` datetime not null, \`last_used_at\` datetime not null, \`expires_at\` datetime not null, constraint \`web_session_user_id_foreign\` foreign key(\`user_id\`) references \`app_user\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`web_session_user_id_index\` on \`web_session\` (\`user_id\`);`);
    this.addSql(`create unique index \`web_session_hash_unique\` on \`web_session\` (\`token_hash\`);`);
    this.addSql(`create index \`web_session_expires_index\` on \`web_session\` (\`expires_at\`);`);
  }

}
