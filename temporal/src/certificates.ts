/** Certificate types a 1.6 station installs and reports (security whitepaper; 2.x `CSMSRootCertificate` for the first). */
export const STATION_CERTIFICATE_TYPES = ['CentralSystemRootCertificate', 'ManufacturerRootCertificate'] as const;

/** A type of {@link STATION_CERTIFICATE_TYPES}. */
export type StationCertificateType = (typeof STATION_CERTIFICATE_TYPES)[number];

/** How a station names an installed certificate (OCPP CertificateHashDataType): the key of DeleteCertificate. */
export interface CertificateHashData {
  readonly hashAlgorithm: 'SHA256' | 'SHA384' | 'SHA512';
  readonly issuerNameHash: string;
  readonly issuerKeyHash: string;
  readonly serialNumber: string;
}

/** Messages of 1.6 ExtendedTriggerMessage (security whitepaper); a 2.x station gets TriggerMessage. */
export const EXTENDED_TRIGGER_MESSAGES = [
  'BootNotification',
  'LogStatusNotification',
  'FirmwareStatusNotification',
  'Heartbeat',
  'MeterValues',
  'SignChargePointCertificate',
  'StatusNotification',
] as const;

/** A message name of {@link EXTENDED_TRIGGER_MESSAGES}. */
export type ExtendedTriggerMessage = (typeof EXTENDED_TRIGGER_MESSAGES)[number];
