import { Migration } from '@mikro-orm/migrations';

export class Migration20261123210753_station_registration_status extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`charge_point\` add column \`registration_status\` text not null default 'Accepted';`);
  }

}
