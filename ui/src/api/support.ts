// The support desk: customers' refund requests, the inbox, templates, under the names the pages
// use; the wrappers are generated in ./commands.
export {
  requestsList as refundRequests,
  requestApprove as approveRequest,
  requestDecline as declineRequest,
  supportCounts,
  supportConversations as conversations,
  supportMessages as conversationMessages,
  supportReply as reply,
  supportSetStatus as setConversationStatus,
  supportMarkRead as markRead,
  supportTemplates as templates,
  supportSetTemplates as setTemplates,
} from "./commands";
