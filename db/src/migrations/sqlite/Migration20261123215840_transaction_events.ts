import { Migration } from '@mikro-orm/migrations';

export class Migration20261123215840_transaction_events extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`transaction_event\` (\`id\` integer not null primary key autoincrement, \`transaction_id\` integer not null, \`seq_no\` integer not null, \`event_type\` text not null, \`trigger_reason\` text null, \`occurred_at\` datetime not null, \`offline\` integer not null default false, \`received_at\` datetime not null, constraint \`transaction_event_transaction_id_foreign\` foreign key(\`transaction_id\`) references \`charging_transaction\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`transaction_event_transaction_id_index\` on \`transaction_event\` (\`transaction_id\`);`);
    this.addSql(`create unique index \`transaction_event_seq_unique\` on \`transaction_event\` (\`transaction_id\`, \`seq_no\`);`);

    this.addSql(`alter table \`charging_transaction\` add column \`meter_start_pending\` integer not null default false;`);
  }

}
