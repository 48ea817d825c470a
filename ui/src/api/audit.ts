// The audit trail, under the names the pages use; the wrappers are generated in ./commands.
export {
  auditPage,
  auditCount,
  auditActions,
  auditExport as exportAudit,
  operatorName,
  operatorSetName as setOperatorName,
} from "./commands";
