import { describeAuditContract } from './audit-contract.js';
import { createPostgresBackend } from './audit-fixtures.js';

describeAuditContract(createPostgresBackend());
