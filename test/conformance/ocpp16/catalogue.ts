/**
 * The OCPP 1.6 Central System test cases of the OCA Compliancy Testing Tool (Test Case Document, section 3, FINAL
 * 2024-04 revision, with TC_083 and TC_088 of later revisions under 3.21): id, section and title. Facts of the
 * catalogue, not its text; what each case requires is paraphrased beside the case in `cases/`.
 */

/** One OCA test case. */
export interface CatalogueEntry {
  readonly id: string;
  /** OCA section number, e.g. `3.17`. */
  readonly section: string;
  readonly sectionTitle: string;
  readonly title: string;
}

const entry = (id: string, section: string, sectionTitle: string, title: string): CatalogueEntry => ({ id, section, sectionTitle, title });

/** All 77 cases, in the catalogue's order. */
export const CATALOGUE_16: readonly CatalogueEntry[] = [
  entry('TC_001_CSMS', '3.1', 'Cold boot', 'Cold Boot Charge Point'),
  entry('TC_003_CSMS', '3.2', 'Start charging session', 'Regular Charging Session - Plugin First'),
  entry('TC_004_1_CSMS', '3.2', 'Start charging session', 'Regular Charging Session – Identification First'),
  entry('TC_004_2_CSMS', '3.2', 'Start charging session', 'Regular Charging Session – Identification First - ConnectionTimeOut'),
  entry('TC_005_1_CSMS', '3.2', 'Start charging session', 'EV Side Disconnected - StopTransactionOnEVSideDisconnect = true - UnlockConnectorOnEVSideDisconnect = true'),
  entry('TC_007_CSMS', '3.3', 'Cache', 'Regular Start Charging Session – Cached Id'),
  entry('TC_061_CSMS', '3.3', 'Cache', 'Clear Authorization Data in Authorization Cache'),
  entry('TC_010_CSMS', '3.4', 'Remote actions (happy)', 'Remote Start Charging Session – Cable Plugged in First'),
  entry('TC_011_1_CSMS', '3.4', 'Remote actions (happy)', 'Remote Start Charging Session – Remote Start First'),
  entry('TC_011_2_CSMS', '3.4', 'Remote actions (happy)', 'Remote Start Charging Session – Time Out'),
  entry('TC_012_CSMS', '3.4', 'Remote actions (happy)', 'Remote Stop Charging Session'),
  entry('TC_013_CSMS', '3.5', 'Reset (happy)', 'Hard Reset'),
  entry('TC_014_CSMS', '3.5', 'Reset (happy)', 'Soft Reset'),
  entry('TC_017_1_CSMS', '3.6', 'Unlocking (happy)', 'Unlock connector - no charging session running (Not fixed cable)'),
  entry('TC_017_2_CSMS', '3.6', 'Unlocking (happy)', 'Unlock connector - no charging session running (Fixed cable)'),
  entry('TC_018_1_CSMS', '3.6', 'Unlocking (happy)', 'Unlock Connector - With Charging Session (Not fixed cable)'),
  entry('TC_019_1_CSMS', '3.7', 'Configuration (happy)', 'Retrieve all configuration keys'),
  entry('TC_019_2_CSMS', '3.7', 'Configuration (happy)', 'Retrieve Specific Configuration Key'),
  entry('TC_021_CSMS', '3.7', 'Configuration (happy)', 'Change/set Configuration'),
  entry('TC_023_1_CSMS', '3.8', 'Basic actions (non-happy)', 'Start Charging Session – Authorize invalid'),
  entry('TC_023_2_CSMS', '3.8', 'Basic actions (non-happy)', 'Start Charging Session – Authorize expired'),
  entry('TC_023_3_CSMS', '3.8', 'Basic actions (non-happy)', 'Start Charging Session – Authorize blocked'),
  entry('TC_024_CSMS', '3.8', 'Basic actions (non-happy)', 'Start Charging Session Lock Failure'),
  entry('TC_026_CSMS', '3.9', 'Remote actions (non-happy)', 'Remote Start Charging Session – Rejected'),
  entry('TC_028_CSMS', '3.9', 'Remote actions (non-happy)', 'Remote Stop Transaction – Rejected'),
  entry('TC_030_CSMS', '3.10', 'Unlocking (non-happy)', 'Unlock Connector – Unlock Failure'),
  entry('TC_031_CSMS', '3.10', 'Unlocking (non-happy)', 'Unlock Connector – Unknown Connector'),
  entry('TC_032_1_CSMS', '3.11', 'Power failure', 'Power failure boot charging point-configured to stop transaction(s)'),
  entry('TC_037_1_CSMS', '3.12', 'Offline behaviour', 'Offline Start Transaction - Valid IdTag'),
  entry('TC_037_3_CSMS', '3.12', 'Offline behaviour', 'Offline Start Transaction - Invalid IdTag - StopTransactionOnInvalidId = true'),
  entry('TC_039_CSMS', '3.12', 'Offline behaviour', 'Offline Transaction'),
  entry('TC_040_1_CSMS', '3.13', 'Configuration keys (non-happy)', 'Configuration keys (unsupported key)'),
  entry('TC_040_2_CSMS', '3.13', 'Configuration keys (non-happy)', 'Configuration keys (invalid value)'),
  entry('TC_042_1_CSMS', '3.14', 'Local authorization list', 'Get Local List Version (not supported)'),
  entry('TC_042_2_CSMS', '3.14', 'Local authorization list', 'Get Local List Version (empty)'),
  entry('TC_043_1_CSMS', '3.14', 'Local authorization list', 'Send Local Authorization List - NotSupported'),
  entry('TC_043_3_CSMS', '3.14', 'Local authorization list', 'Send Local Authorization List - Failed'),
  entry('TC_043_4_CSMS', '3.14', 'Local authorization list', 'Send Local Authorization List - Full'),
  entry('TC_043_5_CSMS', '3.14', 'Local authorization list', 'Send Local Authorization List - Differential'),
  entry('TC_044_1_CSMS', '3.15', 'Firmware management', 'Firmware Update - Download and Install'),
  entry('TC_044_2_CSMS', '3.15', 'Firmware management', 'Firmware Update - Download Failed'),
  entry('TC_044_3_CSMS', '3.15', 'Firmware management', 'Firmware Update - Installation Failed'),
  entry('TC_045_1_CSMS', '3.16', 'Diagnostics', 'Get Diagnostics'),
  entry('TC_045_2_CSMS', '3.16', 'Diagnostics', 'Get Diagnostics - Upload Failed'),
  entry('TC_046_CSMS', '3.17', 'Reservation', 'Reservation of a Connector - Transaction'),
  entry('TC_047_CSMS', '3.17', 'Reservation', 'Reservation of a Connector - Expire'),
  entry('TC_048_1_CSMS', '3.17', 'Reservation', 'Reservation of a Connector - Faulted'),
  entry('TC_048_2_CSMS', '3.17', 'Reservation', 'Reservation of a Connector - Occupied'),
  entry('TC_048_3_CSMS', '3.17', 'Reservation', 'Reservation of a Connector - Unavailable'),
  entry('TC_048_4_CSMS', '3.17', 'Reservation', 'Reservation of a Connector - Rejected'),
  entry('TC_049_CSMS', '3.17', 'Reservation', 'Reservation of a Charge Point - Transaction'),
  entry('TC_051_CSMS', '3.17', 'Reservation', 'Cancel Reservation'),
  entry('TC_052_CSMS', '3.17', 'Reservation', 'Cancel Reservation - Rejected'),
  entry('TC_053_CSMS', '3.17', 'Reservation', 'Use a reserved Connector with parentIdTag'),
  entry('TC_054_CSMS', '3.18', 'Remote trigger', 'Trigger Message'),
  entry('TC_055_CSMS', '3.18', 'Remote trigger', 'Trigger Message - Rejected'),
  entry('TC_056_CSMS', '3.19', 'Smart charging', 'Central Smart Charging - TxDefaultProfile'),
  entry('TC_057_CSMS', '3.19', 'Smart charging', 'Central Smart Charging - TxProfile'),
  entry('TC_059_CSMS', '3.19', 'Smart charging', 'Remote Start Transaction with Charging Profile'),
  entry('TC_066_CSMS', '3.19', 'Smart charging', 'Get Composite Schedule'),
  entry('TC_067_CSMS', '3.19', 'Smart charging', 'Clear Charging Profile'),
  entry('TC_064_CSMS', '3.20', 'DataTransfer', 'Data Transfer to a Central System'),
  entry('TC_073_CSMS', '3.21', 'Security', 'Update Charge Point Password for HTTP Basic Authentication'),
  entry('TC_074_CSMS', '3.21', 'Security', 'Update Charge Point Certificate by request of Central System'),
  entry('TC_075_1_CSMS', '3.21', 'Security', 'Install a certificate on the Charge Point - ManufacturerRootCertificate'),
  entry('TC_075_2_CSMS', '3.21', 'Security', 'Install a certificate on the Charge Point - CentralSystemRootCertificate'),
  entry('TC_076_CSMS', '3.21', 'Security', 'Delete a specific certificate from the Charge Point'),
  entry('TC_077_CSMS', '3.21', 'Security', 'Invalid ChargePointCertificate Security Event'),
  entry('TC_078_CSMS', '3.21', 'Security', 'Invalid CentralSystemCertificate Security Event'),
  entry('TC_079_CSMS', '3.21', 'Security', 'Get Security Log'),
  entry('TC_080_CSMS', '3.21', 'Security', 'Secure Firmware Update'),
  entry('TC_081_CSMS', '3.21', 'Security', 'Secure Firmware Update - Invalid Signature'),
  entry('TC_083_CSMS', '3.21', 'Security', 'Upgrade Charge Point Security Profile - Accepted'),
  entry('TC_085_CSMS', '3.21', 'Security', 'Basic Authentication - Valid username/password combination'),
  entry('TC_086_CSMS', '3.21', 'Security', 'TLS - server-side certificate - Valid certificate'),
  entry('TC_087_CSMS', '3.21', 'Security', 'TLS - Client-side certificate - valid certificate'),
  entry('TC_088_CSMS', '3.21', 'Security', 'WebSocket Subprotocol negotiation'),
];
