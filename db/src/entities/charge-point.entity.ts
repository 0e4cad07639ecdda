import { defineEntity, p } from '@mikro-orm/core';

/**
 * A charge point (station) known to the system. The primary key is the OCPP identity, the last path segment of the
 * station's WebSocket URL. Secrets are stored only as keyed hashes; `deletedAt` marks a soft-deleted station whose
 * history is kept.
 */
export const ChargePointEntity = defineEntity({
  name: 'ChargePoint',
  tableName: 'charge_point',
  properties: {
    id: p.string().length(100).primary(),
    name: p.string().length(100),
    comment: p.string().length(500).nullable(),
    basicAuthPasswordHash: p.string().length(100).nullable(),
    clientCertThumbprint: p.string().length(128).nullable(),
    securityProfile: p.integer().default(0),
    // lenient schema mode for chargers that bend the OCPP schemas: soft violations are logged, not refused
    lenient: p.boolean().default(false),
    // 'Accepted', or 'Pending' for a station the gateway admitted unknown; an admin accepts it (BootNotification Pending)
    registrationStatus: p.string().length(20).default('Accepted'),
    // what the last BootNotification reported
    vendor: p.string().length(50).nullable(),
    model: p.string().length(50).nullable(),
    chargePointSerialNumber: p.string().length(50).nullable(),
    chargeBoxSerialNumber: p.string().length(50).nullable(),
    // the 1.6 schemas the gateway validates with allow 255 characters here
    firmwareVersion: p.string().length(255).nullable(),
    iccid: p.string().length(50).nullable(),
    imsi: p.string().length(50).nullable(),
    meterType: p.string().length(50).nullable(),
    meterSerialNumber: p.string().length(50).nullable(),
    bootReason: p.string().length(50).nullable(),
    bootedAt: p.datetime().nullable(),
    // connection state
    protocol: p.string().length(20).nullable(),
    online: p.boolean().default(false),
    nodeId: p.string().length(100).nullable(),
    connectionEpoch: p.integer().default(0),
    connectedAt: p.datetime().nullable(),
    lastSeenAt: p.datetime().nullable(),
    // why the station is offline when the system, not the station, ended its connection (a gateway node that died)
    offlineReason: p.string().length(200).nullable(),
    heartbeatInterval: p.integer().default(300),
    // pricing; money in minor units, the energy price per MWh so that sub-cent kWh prices stay integers
    currency: p.string().length(3).default('EUR'),
    pricePerMwhMinor: p.integer().default(0),
    maxEnergyWh: p.integer().nullable(),
    sessionFeeMinor: p.integer().default(0),
    usageFeePerMinuteMinor: p.integer().default(0),
    freeMinutes: p.integer().default(0),
    maxBillableMinutes: p.integer().nullable(),
    // 'sessionStart': the per-minute fee counts while the session runs; 'chargingEnd': from the stop to the unplug (idle fee)
    usageFeeFrom: p.string().length(20).default('sessionStart'),
    freeCharging: p.boolean().default(false),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    deletedAt: p.datetime().nullable(),
  },
});
