import { Migration } from '@mikro-orm/migrations';

export class Migration20261123204429_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "charge_point" ("id" varchar(100) not null, "name" varchar(100) not null, "comment" varchar(500) null, "basic_auth_password_hash" varchar(100) null, "client_cert_thumbprint" varchar(128) null, "security_profile" int not null default 0, "vendor" varchar(50) null, "model" varchar(50) null, "charge_point_serial_number" varchar(50) null, "charge_box_serial_number" varchar(50) null, "firmware_version" varchar(50) null, "iccid" varchar(50) null, "imsi" varchar(50) null, "meter_type" varchar(50) null, "meter_serial_number" varchar(50) null, "boot_reason" varchar(50) null, "booted_at" timestamptz null, "protocol" varchar(20) null, "online" boolean not null default false, "node_id" varchar(100) null, "connection_epoch" int not null default 0, "connected_at" timestamptz null, "last_seen_at" timestamptz null, "heartbeat_interval" int not null default 300, "currency" varchar(3) not null default 'EUR', "price_per_mwh_minor" int not null default 0, "max_energy_wh" int null, "session_fee_minor" int not null default 0, "usage_fee_per_minute_minor" int not null default 0, "free_minutes" int not null default 0, "max_billable_minutes" int null, "free_charging" boolean not null default false, "created_at" timestamptz not null, "updated_at" timestamptz not null, "deleted_at" timestamptz null, constraint "charge_point_pkey" primary key ("id"));`);

    this.addSql(`create table "charge_tag" ("tag_id" varchar(36) not null, "name" varchar(100) not null, "parent_tag_id" varchar(36) null, "expires_at" timestamptz null, "blocked" boolean not null default false, "token_type" varchar(20) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "charge_tag_pkey" primary key ("tag_id"));`);
    this.addSql(`create index "charge_tag_parent_index" on "charge_tag" ("parent_tag_id");`);

    this.addSql(`create table "connector" ("id" serial primary key, "charge_point_id" varchar(100) not null, "evse_id" int not null, "connector_id" int not null default 1, "name" varchar(100) null, "ocpp_status" varchar(30) null, "status" varchar(20) not null default 'Unknown', "error_code" varchar(50) null, "status_info" varchar(500) null, "status_at" timestamptz null, "meter_wh" int null, "meter_at" timestamptz null, "power_w" int null, "power_at" timestamptz null, "soc" int null, "soc_at" timestamptz null);`);
    this.addSql(`alter table "connector" add constraint "connector_station_evse_unique" unique ("charge_point_id", "evse_id", "connector_id");`);

    this.addSql(`create table "message_log" ("id" bigserial primary key, "logged_at" timestamptz not null, "charge_point_id" varchar(100) not null, "direction" varchar(3) not null, "message_type" varchar(12) not null, "action" varchar(60) null, "unique_id" varchar(64) null, "payload" text null, "error_code" varchar(50) null);`);
    this.addSql(`create index "message_log_station_time_index" on "message_log" ("charge_point_id", "logged_at");`);
    this.addSql(`create index "message_log_time_index" on "message_log" ("logged_at");`);

    this.addSql(`create table "outbox_event" ("id" serial primary key, "workflow_id" varchar(200) not null, "seq" int not null, "type" varchar(50) not null, "payload" jsonb not null, "created_at" timestamptz not null, "delivered_at" timestamptz null, "attempts" int not null default 0, "last_error" varchar(1000) null, "next_attempt_at" timestamptz not null);`);
    this.addSql(`create index "outbox_event_pending_index" on "outbox_event" ("delivered_at", "next_attempt_at");`);
    this.addSql(`alter table "outbox_event" add constraint "outbox_event_workflow_seq_unique" unique ("workflow_id", "seq");`);

    this.addSql(`create table "outbox_sequence" ("workflow_id" varchar(200) not null, "last_seq" int not null, constraint "outbox_sequence_pkey" primary key ("workflow_id"));`);

    this.addSql(`create table "payment" ("id" serial primary key, "workflow_id" varchar(200) not null, "charge_point_id" varchar(100) not null, "evse_id" int not null, "checkout_session_id" varchar(255) null, "payment_intent_id" varchar(255) null, "currency" varchar(3) not null, "hold_amount_minor" int not null, "captured_amount_minor" int null, "status" varchar(30) not null, "pricing" jsonb not null, "failure_code" varchar(100) null, "failure_message" varchar(500) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "authorized_at" timestamptz null, "settled_at" timestamptz null);`);
    this.addSql(`alter table "payment" add constraint "payment_workflow_unique" unique ("workflow_id");`);
    this.addSql(`alter table "payment" add constraint "payment_checkout_session_unique" unique ("checkout_session_id");`);
    this.addSql(`create index "payment_intent_index" on "payment" ("payment_intent_id");`);

    this.addSql(`create table "stripe_webhook_event" ("event_id" varchar(255) not null, "type" varchar(100) not null, "received_at" timestamptz not null, "processed_at" timestamptz null, constraint "stripe_webhook_event_pkey" primary key ("event_id"));`);

    this.addSql(`create table "charging_transaction" ("id" serial primary key, "external_id" varchar(36) null, "start_key" varchar(255) not null, "charge_point_id" varchar(100) not null, "evse_id" int not null, "connector_id" int not null default 1, "start_tag" varchar(36) null, "started_at" timestamptz not null, "meter_start_wh" int not null, "start_reason" varchar(50) null, "stop_tag" varchar(36) null, "stopped_at" timestamptz null, "meter_stop_wh" int null, "stop_reason" varchar(50) null, "energy_wh" int null, "last_meter_wh" int null, "last_meter_at" timestamptz null, "max_energy_wh" int null, "status" varchar(20) not null, "data_issue" varchar(500) null, "workflow_id" varchar(200) null, "remote_start_id" int null, "payment_id" int null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`create index "transaction_connector_latest_index" on "charging_transaction" ("charge_point_id", "evse_id", "id");`);
    this.addSql(`create index "transaction_station_time_index" on "charging_transaction" ("charge_point_id", "started_at");`);
    this.addSql(`create index "transaction_started_index" on "charging_transaction" ("started_at");`);
    this.addSql(`create index "transaction_status_index" on "charging_transaction" ("status", "charge_point_id");`);
    this.addSql(`create index "transaction_external_id_index" on "charging_transaction" ("charge_point_id", "external_id");`);
    this.addSql(`alter table "charging_transaction" add constraint "transaction_start_key_unique" unique ("charge_point_id", "start_key");`);

    this.addSql(`create table "session_intent" ("id" serial primary key, "charge_point_id" varchar(100) not null, "evse_id" int not null, "id_tag" varchar(36) not null, "remote_start_id" int null, "deadline" timestamptz not null, "workflow_id" varchar(200) not null, "state" varchar(20) not null, "transaction_id" int null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "session_intent" add constraint "session_intent_workflow_unique" unique ("workflow_id");`);
    this.addSql(`create index "session_intent_station_state_index" on "session_intent" ("charge_point_id", "state");`);

    this.addSql(`create table "meter_sample" ("id" bigserial primary key, "charge_point_id" varchar(100) not null, "transaction_id" int null, "evse_id" int not null, "sampled_at" timestamptz not null, "measurand" varchar(60) not null, "phase" varchar(10) null, "location" varchar(10) null, "context" varchar(30) null, "value" double precision not null, "unit" varchar(20) null);`);
    this.addSql(`create index "meter_sample_transaction_time_index" on "meter_sample" ("transaction_id", "sampled_at");`);
    this.addSql(`create index "meter_sample_time_index" on "meter_sample" ("sampled_at");`);

    this.addSql(`create table "app_user" ("id" serial primary key, "username" varchar(100) not null, "password_hash" varchar(255) not null, "role" varchar(10) not null, "language" varchar(5) not null default 'en', "last_login_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "app_user" add constraint "app_user_username_unique" unique ("username");`);

    this.addSql(`create table "api_token" ("id" serial primary key, "user_id" int not null, "name" varchar(100) not null, "token_hash" varchar(64) not null, "created_at" timestamptz not null, "last_used_at" timestamptz null);`);
    this.addSql(`alter table "api_token" add constraint "api_token_hash_unique" unique ("token_hash");`);

    this.addSql(`alter table "connector" add constraint "connector_charge_point_id_foreign" foreign key ("charge_point_id") references "charge_point" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "payment" add constraint "payment_charge_point_id_foreign" foreign key ("charge_point_id") references "charge_point" ("id") on update cascade;`);

    this.addSql(`alter table "charging_transaction" add constraint "charging_transaction_charge_point_id_foreign" foreign key ("charge_point_id") references "charge_point" ("id") on update cascade;`);
    this.addSql(`alter table "charging_transaction" add constraint "charging_transaction_payment_id_foreign" foreign key ("payment_id") references "payment" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "session_intent" add constraint "session_intent_charge_point_id_foreign" foreign key ("charge_point_id") references "charge_point" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "session_intent" add constraint "session_intent_transaction_id_foreign" foreign key ("transaction_id") references "charging_transaction" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "meter_sample" add constraint "meter_sample_charge_point_id_foreign" foreign key ("charge_point_id") references "charge_point" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "meter_sample" add constraint "meter_sample_transaction_id_foreign" foreign key ("transaction_id") references "charging_transaction" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "api_token" add constraint "api_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "connector" drop constraint "connector_charge_point_id_foreign";`);

    this.addSql(`alter table "payment" drop constraint "payment_charge_point_id_foreign";`);

    this.addSql(`alter table "charging_transaction" drop constraint "charging_transaction_charge_point_id_foreign";`);

    this.addSql(`alter table "session_intent" drop constraint "session_intent_charge_point_id_foreign";`);

    this.addSql(`alter table "meter_sample" drop constraint "meter_sample_charge_point_id_foreign";`);

    this.addSql(`alter table "charging_transaction" drop constraint "charging_transaction_payment_id_foreign";`);

    this.addSql(`alter table "session_intent" drop constraint "session_intent_transaction_id_foreign";`);

    this.addSql(`alter table "meter_sample" drop constraint "meter_sample_transaction_id_foreign";`);

    this.addSql(`alter table "api_token" drop constraint "api_token_user_id_foreign";`);

    this.addSql(`drop table if exists "charge_point" cascade;`);

    this.addSql(`drop table if exists "charge_tag" cascade;`);

    this.addSql(`drop table if exists "connector" cascade;`);

    this.addSql(`drop table if exists "message_log" cascade;`);

    this.addSql(`drop table if exists "outbox_event" cascade;`);

    this.addSql(`drop table if exists "outbox_sequence" cascade;`);

    this.addSql(`drop table if exists "payment" cascade;`);

    this.addSql(`drop table if exists "stripe_webhook_event" cascade;`);

    this.addSql(`drop table if exists "charging_transaction" cascade;`);

    this.addSql(`drop table if exists "session_intent" cascade;`);

    this.addSql(`drop table if exists "meter_sample" cascade;`);

    this.addSql(`drop table if exists "app_user" cascade;`);

    this.addSql(`drop table if exists "api_token" cascade;`);
  }

}
