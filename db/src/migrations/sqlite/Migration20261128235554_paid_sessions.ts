import { Migration } from '@mikro-orm/migrations';

export class Migration20261128235554_paid_sessions extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`charge_point\` add column \`usage_fee_from\` text not null default 'sessionStart';`);

    this.addSql(`alter table \`payment\` add column \`session_id\` text not null;`);
    this.addSql(`alter table \`payment\` add column \`active_connector\` text null;`);
    this.addSql(`alter table \`payment\` add column \`released_amount_minor\` integer null;`);
    this.addSql(`alter table \`payment\` add column \`refunded_amount_minor\` integer not null default 0;`);
    this.addSql(`alter table \`payment\` add column \`settlement\` json null;`);
    this.addSql(`alter table \`payment\` add column \`checkout_url\` text null;`);
    this.addSql(`alter table \`payment\` add column \`capture_before\` datetime null;`);
    this.addSql(`create unique index \`payment_session_unique\` on \`payment\` (\`session_id\`);`);
    this.addSql(`create index \`payment_created_index\` on \`payment\` (\`created_at\`);`);
    this.addSql(`create unique index \`payment_active_connector_unique\` on \`payment\` (\`charge_point_id\`, \`evse_id\`, \`active_connector\`);`);

    this.addSql(`alter table \`charging_transaction\` add column \`cost_minor\` integer null;`);

    this.addSql(`alter table \`session_intent\` add column \`max_energy_wh\` integer null;`);
  }

}
