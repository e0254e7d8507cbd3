import { describeAuditContract } from './audit-contract.js';
import { createSqliteBackend } from './audit-fixtures.js';

describeAuditContract(createSqliteBackend());
