import { Migration } from '@mikro-orm/migrations';

export class Migration20261129115150_reservations extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`reservation\` (\`id\` integer not null primary key autoincrement, \`charge_point_id\` text not null, \`connector_id\` integer not null, \`id_tag\` text not null, \`parent_id_tag\` text null, \`expires_at\` datetime not null, \`status\` text not null, \`answer\` text null, \`transaction_id\` integer null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`reservation_charge_point_id_foreign\` foreign key(\`charge_point_id\`) references \`charge_point\`(\`id\`) on delete cascade on update cascade, constraint \`reservation_transaction_id_foreign\` foreign key(\`transaction_id\`) references \`charging_transaction\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`reservation_charge_point_id_index\` on \`reservation\` (\`charge_point_id\`);`);
    this.addSql(`create index \`reservation_transaction_id_index\` on \`reservation\` (\`transaction_id\`);`);
    this.addSql(`create index \`reservation_station_status_index\` on \`reservation\` (\`charge_point_id\`, \`status\`);`);
  }

}
