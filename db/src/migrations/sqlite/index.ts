import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123204429_initial } from './Migration20261123204429_initial.ts';
import { Migration20261123210533_web_sessions } from './Migration20261123210533_web_sessions.ts';
import { Migration20261123210753_station_registration_status } from './Migration20261123210753_station_registration_status.ts';
import { Migration20261123215840_transaction_events } from './Migration20261123215840_transaction_events.ts';
import { Migration20261123221938_station_lenient_mode } from './Migration20261123221938_station_lenient_mode.ts';
import { Migration20261128234853_node_liveness } from './Migration20261128234853_node_liveness.ts';
import { Migration20261128235554_paid_sessions } from './Migration20261128235554_paid_sessions.ts';
import { Migration20261129040000_api_token_expiry } from './Migration20261129040000_api_token_expiry.ts';
import { Migration20261129115150_reservations } from './Migration20261129115150_reservations.ts';
import { Migration20261129121700_local_list } from './Migration20261129121700_local_list.ts';
import { Migration20261129120500_station_files } from './Migration20261129120500_station_files.ts';
import { Migration20261129122500_charging_profiles } from './Migration20261129122500_charging_profiles.ts';
import { Migration20261129125000_security_events } from './Migration20261129125000_security_events.ts';
import { Migration20261129201620_alerts } from './Migration20261129201620_alerts.ts';

/** The committed sqlite migrations, oldest first (listed explicitly so no file-system discovery is needed). */
export const sqliteMigrations: MigrationObject[] = [
  { name: 'Migration20261123204429_initial', class: Migration20261123204429_initial },
  { name: 'Migration20261123210533_web_sessions', class: Migration20261123210533_web_sessions },
  { name: 'Migration20261123210753_station_registration_status', class: Migration20261123210753_station_registration_status },
  { name: 'Migration20261123215840_transaction_events', class: Migration20261123215840_transaction_events },
  { name: 'Migration20261123221938_station_lenient_mode', class: Migration20261123221938_station_lenient_mode },
  { name: 'Migration20261128234853_node_liveness', class: Migration20261128234853_node_liveness },
  { name: 'Migration20261128235554_paid_sessions', class: Migration20261128235554_paid_sessions },
  { name: 'Migration20261129040000_api_token_expiry', class: Migration20261129040000_api_token_expiry },
  { name: 'Migration20261129115150_reservations', class: Migration20261129115150_reservations },
  { name: 'Migration20261129121700_local_list', class: Migration20261129121700_local_list },
  { name: 'Migration20261129120500_station_files', class: Migration20261129120500_station_files },
  { name: 'Migration20261129122500_charging_profiles', class: Migration20261129122500_charging_profiles },
  { name: 'Migration20261129125000_security_events', class: Migration20261129125000_security_events },
  { name: 'Migration20261129201620_alerts', class: Migration20261129201620_alerts },
];
