// Settings · running in the background: closing the window keeps the shop selling; start at
// login (with the window hidden), and quitting for good.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { LogOut, MonitorDown, Power } from "lucide-react";
import { useState } from "react";
import { quitStardesk, setStartsAtLogin, startsAtLogin } from "../../api/background";
import { errorMessage } from "../../api/invoke";
import { useToast } from "../../components/Toasts";
import { Spinner, Switch } from "../../components/ui";
import { plural } from "../../lib/format";

export function BackgroundSection() {
  const qc = useQueryClient();
  const toast = useToast();
  const [quitting, setQuitting] = useState<string | null>(null);
  const q = useQuery({ queryKey: ["autostart"], queryFn: startsAtLogin });
  const m = useMutation({
    mutationFn: (on: boolean) => setStartsAtLogin(on),
    onSuccess: (on) => qc.setQueryData(["autostart"], on),
    onError: (e) => toast.show("error", "Not changed", errorMessage(e)),
  });
  const quit = useMutation({
    mutationFn: quitStardesk,
    onSuccess: (inFlight) =>
      setQuitting(inFlight > 0 ? `Finishing ${plural(inFlight, "delivery", "deliveries")}…` : "Quitting…"),
    onError: (e) => toast.show("error", "Stardesk did not quit", errorMessage(e)),
  });
  return (
    <div className="card" data-test="background-section">
      <div className="card-body form">
        <div className="setting-line">
          <div className="row">
            <MonitorDown size={18} />
            <div>
              <div style={{ fontWeight: 600 }}>Start at login, in the background</div>
              <div className="muted small">
                Stardesk opens with the window hidden when you log in, so the bot sells from the start. Closing the window always
                keeps it selling; open it again from the tray or by starting Stardesk.
              </div>
            </div>
          </div>
          <Switch
            checked={q.data ?? false}
            disabled={q.isLoading || q.isError || m.isPending}
            onChange={(on) => m.mutate(on)}
            label="Start at login, in the background"
          />
        </div>
        {q.isError && <div className="muted small">{errorMessage(q.error)}</div>}
        <div className="setting-line">
          <div className="row">
            <Power size={18} />
            <div>
              <div style={{ fontWeight: 600 }}>Quit Stardesk</div>
              <div className="muted small" data-test="quit-state">
                {quitting ?? "Stops the bot and closes Stardesk: customers get no answers until you start it again."}
              </div>
            </div>
          </div>
          <button className="btn" onClick={() => quit.mutate()} disabled={quit.isPending || quitting !== null} data-test="quit">
            {quit.isPending || quitting ? <Spinner /> : <LogOut size={15} />} Quit
          </button>
        </div>
      </div>
    </div>
  );
}
