// What an appeal may carry: at most five attachments of at most 5 MB each (the filing form says so
// too, so the limits live outside the server code).
export const maxAttachments = 5;
export const maxAttachmentBytes = 5 * 1024 * 1024;
