import { Migration } from '@mikro-orm/migrations';

export class Migration20261129201620_alerts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`command_failure\` (\`id\` integer not null primary key autoincrement, \`charge_point_id\` text not null, \`command\` text not null, \`code\` text not null, \`message\` text not null, \`requested_by\` text null, \`failed_at\` datetime not null, constraint \`command_failure_charge_point_id_foreign\` foreign key(\`charge_point_id\`) references \`charge_point\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`command_failure_charge_point_id_index\` on \`command_failure\` (\`charge_point_id\`);`);
    this.addSql(`create index \`command_failure_time_index\` on \`command_failure\` (\`failed_at\`);`);
    this.addSql(`create index \`command_failure_station_time_index\` on \`command_failure\` (\`charge_point_id\`, \`failed_at\`);`);

    this.addSql(`create index \`security_event_critical_time_index\` on \`security_event\` (\`critical\`, \`received_at\`);`);
  }

}
