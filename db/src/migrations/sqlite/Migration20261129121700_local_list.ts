import { Migration } from '@mikro-orm/migrations';

export class Migration20261129121700_local_list extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`local_list_state\` (\`charge_point_id\` text not null, \`held_version\` integer not null default 0, \`held_entries\` json not null, \`last_sent_version\` integer not null default 0, \`last_update_type\` text null, \`last_status\` text null, \`last_sent_at\` datetime null, \`reported_version\` integer null, \`reported_at\` datetime null, \`updated_at\` datetime not null, constraint \`local_list_state_charge_point_id_foreign\` foreign key(\`charge_point_id\`) references \`charge_point\`(\`id\`) on delete cascade on update cascade, primary key (\`charge_point_id\`));`);
    this.addSql(`create index \`local_list_state_charge_point_id_index\` on \`local_list_state\` (\`charge_point_id\`);`);

    this.addSql(`create table \`local_list_tag\` (\`id\` integer not null primary key autoincrement, \`charge_point_id\` text not null, \`tag_id\` text not null, \`created_at\` datetime not null, constraint \`local_list_tag_charge_point_id_foreign\` foreign key(\`charge_point_id\`) references \`charge_point\`(\`id\`) on delete cascade on update cascade, constraint \`local_list_tag_tag_id_foreign\` foreign key(\`tag_id\`) references \`charge_tag\`(\`tag_id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`local_list_tag_charge_point_id_index\` on \`local_list_tag\` (\`charge_point_id\`);`);
    this.addSql(`create index \`local_list_tag_tag_index\` on \`local_list_tag\` (\`tag_id\`);`);
    this.addSql(`create unique index \`local_list_tag_unique\` on \`local_list_tag\` (\`charge_point_id\`, \`tag_id\`);`);
  }

}
