// "Stop selling" asks first: while the bot is stopped customers get no answers and cannot buy.

import { Power } from "lucide-react";
import { Modal } from "./ui";

export function StopSellingDialog({ onStop, onCancel }: { onStop: () => void; onCancel: () => void }) {
  return (
    <Modal
      title="Stop selling?"
      onClose={onCancel}
      footer={
        <>
          <button className="btn" onClick={onCancel} data-test="keep-selling" autoFocus>
            Keep selling
          </button>
          <button className="btn danger solid" onClick={onStop} data-test="confirm-stop">
            <Power size={15} /> Stop selling
          </button>
        </>
      }
    >
      <p>
        The bot stops answering: customers cannot open the catalog or buy until you start it again. Deliveries already on their
        way finish first.
      </p>
      <p className="muted small">To keep selling with the window closed, just close the window: Stardesk stays in the tray.</p>
    </Modal>
  );
}
