import { Migration } from '@mikro-orm/migrations';

export class Migration20261129125000_security_events extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`security_event\` (\`id\` integer not null primary key autoincrement, \`charge_point_id\` text not null, \`type\` text not null, \`critical\` integer not null, \`occurred_at\` datetime not null, \`received_at\` datetime not null, \`tech_info\` text null, constraint \`security_event_charge_point_id_foreign\` foreign key(\`charge_point_id\`) references \`charge_point\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`security_event_charge_point_id_index\` on \`security_event\` (\`charge_point_id\`);`);
    this.addSql(`create index \`security_event_station_time_index\` on \`security_event\` (\`charge_point_id\`, \`received_at\`);`);
  }

}
