// "Stop selling" asks first: while the bot is stopped customers get no answers and cannot buy.

import { Power } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Modal } from "./ui";

export function StopSellingDialog({ onStop, onCancel }: { onStop: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      title={t("stopSelling.title")}
      onClose={onCancel}
      footer={
        <>
          <button className="btn" onClick={onCancel} data-test="keep-selling" autoFocus>
            {t("stopSelling.keep")}
          </button>
          <button className="btn danger solid" onClick={onStop} data-test="confirm-stop">
            <Power size={15} /> {t("stopSelling.stop")}
          </button>
        </>
      }
    >
      <p>{t("stopSelling.body")}</p>
      <p className="muted small">{t("stopSelling.tray")}</p>
    </Modal>
  );
}
