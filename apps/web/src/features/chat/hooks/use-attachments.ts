import { useSyncExternalStore } from 'react';
import { uploadFile } from '../../../lib/upload-file';
import { AttachmentStore, type PendingAttachment } from '../utils/attachment-store';

/** The app's one store of files picked for messages (uploads go on while another conversation is open). */
export const attachmentStore = new AttachmentStore((file, onProgress) => uploadFile(file, { onProgress }));

/** The files picked for the room's next message, with their upload state. */
export function useAttachments(roomId: string): readonly PendingAttachment[] {
  return useSyncExternalStore(attachmentStore.subscribe, () => attachmentStore.list(roomId));
}
