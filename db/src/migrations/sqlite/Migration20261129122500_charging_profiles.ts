import { Migration } from '@mikro-orm/migrations';

export class Migration20261129122500_charging_profiles extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`charging_profile\` (\`id\` integer not null primary key autoincrement, \`charge_point_id\` text not null, \`charging_profile_id\` integer not null, \`connector_id\` integer not null, \`stack_level\` integer not null, \`purpose\` text not null, \`kind\` text not null, \`recurrency_kind\` text null, \`valid_from\` datetime null, \`valid_to\` datetime null, \`transaction_id\` integer null, \`schedule\` text not null, \`status\` text not null, \`status_detail\` text null, \`origin\` text not null, \`created_by\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`charging_profile_charge_point_id_foreign\` foreign key(\`charge_point_id\`) references \`charge_point\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`charging_profile_charge_point_id_index\` on \`charging_profile\` (\`charge_point_id\`);`);
    this.addSql(`create unique index \`charging_profile_station_id_unique\` on \`charging_profile\` (\`charge_point_id\`, \`charging_profile_id\`);`);
  }

}
