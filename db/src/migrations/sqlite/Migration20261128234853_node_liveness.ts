import { Migration } from '@mikro-orm/migrations';

export class Migration20261128234853_node_liveness extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`gateway_node\` (\`node_id\` text not null, \`started_at\` datetime not null, \`renewed_at\` datetime not null, \`lease_expires_at\` datetime not null, \`expired_at\` datetime null, \`stopped_at\` datetime null, primary key (\`node_id\`));`);

    this.addSql(`alter table \`charge_point\` add column \`offline_reason\` text null;`);
  }

}
