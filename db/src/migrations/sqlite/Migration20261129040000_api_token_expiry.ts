import { Migration } from '@mikro-orm/migrations';

export class Migration20261129040000_api_token_expiry extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`api_token\` add column \`expires_at\` datetime null;`);
  }

}
