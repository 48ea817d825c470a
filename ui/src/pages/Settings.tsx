// Settings: the bot's token and state, the bot's texts, the terms and the seller's details sent
// with /terms, tips ("Support us"), notifications, how long invoices stay valid and the reminders
// after one expires unpaid, the limits against abuse, the reports' time zone and USD rate, the
// refund policy, step-up codes, support templates, the data folder.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, Bell, Bot, CheckCircle2, Copy, Eye, EyeOff, FolderOpen, KeyRound, LogOut, Package, Play, Power, RotateCw, Scale, ShieldCheck } from "lucide-react";
import { useRef, useState } from "react";
import type { BotIdentity } from "../bindings/BotIdentity";
import type { Connected } from "../bindings/Connected";
import type { DeskStatus } from "../bindings/DeskStatus";
import type { TokenPlace } from "../bindings/TokenPlace";
import { checkToken, connectBot, disconnectBot, keychain, reconcile, restartBot, startBot, stopBot } from "../api/bot";
import { copyDemoCatalog } from "../api/catalog";
import { errorMessage, toAppError } from "../api/invoke";
import { saleNotifications, setSaleNotifications } from "../api/settings";
import { isCancelled, useStepUpGuard } from "../components/StepUp";
import { OperatorNameSection } from "../components/OperatorName";
import { useToast } from "../components/Toasts";
import { BotStateBadge, CopyButton, ErrorState, Loading, Spinner, Switch } from "../components/ui";
import { num, plural } from "../lib/format";
import { setStatus, useExpiryQueue, useStatus } from "../queries";
import { StopSellingDialog } from "../components/StopSelling";
import { BackgroundSection } from "./settings/Background";
import { TextsSection } from "./settings/BotTexts";
import { InvoicesSection } from "./settings/Invoices";
import { LegalSection } from "./settings/Legal";
import { LimitsSection } from "./settings/Limits";
import { RefundPolicySection } from "./settings/RefundPolicy";
import { RemindersSection } from "./settings/Reminders";
import { ReportsSection } from "./settings/Reports";
import { StepUpSection } from "./settings/StepUp";
import { TemplatesSection } from "./settings/Templates";
import { TipsSection } from "./settings/Tips";
import { ReminderDays } from "./subscriptions/Expiry";

const PLACE: Record<TokenPlace, string> = {
  keychain: "in the system keychain",
  file: "in a file in the data folder that only your user can read",
  environment: "from the STARDESK_BOT_TOKEN environment variable",
};

function TokenForm({ status, onConnected }: { status: DeskStatus; onConnected: (c: Connected) => void }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [token, setToken] = useState("");
  const [identity, setIdentity] = useState<BotIdentity | null>(null);
  const [allowFile, setAllowFile] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState(false);
  const kc = useQuery({ queryKey: ["keychain"], queryFn: keychain, staleTime: Infinity });
  const guard = useStepUpGuard();

  const check = useMutation({
    mutationFn: () => checkToken(token),
    onSuccess: (id) => {
      setIdentity(id);
      setError(null);
    },
    onError: (e) => {
      setIdentity(null);
      setError(errorMessage(e));
    },
  });
  const connect = useMutation({
    mutationFn: () => guard.run((code) => connectBot(token, allowFile, code), "Changing the bot token takes a code."),
    onSuccess: (c) => {
      setStatus(qc, c.status);
      void qc.invalidateQueries();
      setToken("");
      setIdentity(null);
      toast.show("success", `Connected to @${c.bot.username ?? c.bot.first_name}`, "Your bot is starting with the new token.");
      onConnected(c);
    },
    onError: (e) => {
      if (!isCancelled(e)) setError(errorMessage(e));
    },
  });
  const noKeychain = kc.data && !kc.data.available;

  return (
    <div className="form">
      <div className="help">
        {status.mode === "demo"
          ? "Create a bot with @BotFather in Telegram (/newbot), then paste the token it gives you. The demo simulator stops and your real bot starts."
          : "Paste a new token to switch to another bot."}
      </div>
      <div className="field">
        <label htmlFor="token">Bot token</label>
        <div className="row">
          <input
            id="token"
            name="token"
            className="input mono"
            type={shown ? "text" : "password"}
            autoComplete="off"
            spellCheck={false}
            placeholder="123456789:AA…"
            value={token}
            aria-invalid={Boolean(error)}
            onChange={(e) => {
              setToken(e.target.value);
              setIdentity(null);
              setError(null);
            }}
          />
          <button
            className="btn ghost icon-only"
            type="button"
            aria-label={shown ? "Hide the token" : "Show the token"}
            aria-pressed={shown}
            aria-controls="token"
            title={shown ? "Hide the token" : "Show the token"}
            onClick={() => setShown((v) => !v)}
          >
            {shown ? <EyeOff size={15} /> : <Eye size={15} />}
          </button>
          <button className="btn" onClick={() => check.mutate()} disabled={!token.trim() || check.isPending}>
            {check.isPending ? <Spinner /> : <CheckCircle2 size={15} />} Check
          </button>
        </div>
        {error && (
          <div className="error" role="alert">
            <AlertTriangle size={13} /> {error}
          </div>
        )}
      </div>
      {identity && (
        <div className="identity">
          <Bot size={22} color="var(--green)" />
          <div className="grow">
            <div style={{ fontWeight: 600 }}>{identity.first_name}</div>
            <div className="muted small">
              {identity.username ? `@${identity.username}` : "no username"} · bot id {identity.id}
            </div>
          </div>
          <CheckCircle2 size={18} color="var(--green)" />
        </div>
      )}
      {noKeychain && (
        <div className="banner warn" style={{ marginBottom: 0 }}>
          <KeyRound size={18} color="var(--amber)" />
          <div className="grow">
            <h3>The system keychain is not available</h3>
            <p>
              Stardesk keeps the token in the system keychain, which cannot be used here
              {kc.data?.reason ? ` (${kc.data.reason})` : ""}. It can keep the token in a file in the data folder instead,
              readable only by your user.
            </p>
            <label className="row small" style={{ marginTop: 8 }}>
              <input type="checkbox" checked={allowFile} onChange={(e) => setAllowFile(e.target.checked)} />
              Keep the token in a file in the data folder
            </label>
          </div>
        </div>
      )}
      <div className="row">
        <button
          className="btn primary"
          disabled={!token.trim() || connect.isPending || (noKeychain && !allowFile)}
          onClick={() => connect.mutate()}
        >
          {connect.isPending ? <Spinner /> : <Play size={15} />} Connect and start
        </button>
        <span className="muted small">Telegram checks the token first; it is never shown again or written to logs.</span>
      </div>
      {guard.dialog}
    </div>
  );
}

/**
 * Right after connecting: the real shop's catalog is empty and the demo shop has `count` products
 * on sale, so offer to bring them over rather than have the merchant type them again.
 */
function DemoCatalogOffer({ count, onClose }: { count: number; onClose: () => void }) {
  const qc = useQueryClient();
  const toast = useToast();
  // `isPending` reaches the button a render later; a double click is quicker than that.
  const copying = useRef(false);
  const copy = useMutation({
    mutationFn: copyDemoCatalog,
    onSuccess: (n) => {
      void qc.invalidateQueries({ queryKey: ["products"] });
      void qc.invalidateQueries({ queryKey: ["overview"] });
      toast.show("success", `${num(n)} ${n === 1 ? "product" : "products"} copied`, "They are in Catalog now.");
      onClose();
    },
    onError: (e) => {
      toast.show("error", "The demo catalog was not copied", errorMessage(e));
      // The shop has products of its own by now: there is nothing left to offer.
      if (toAppError(e).code === "conflict") onClose();
    },
    onSettled: () => {
      copying.current = false;
    },
  });
  const start = () => {
    if (copying.current) return;
    copying.current = true;
    copy.mutate();
  };
  const products = count === 1 ? "the demo product" : `the ${num(count)} demo products`;
  return (
    <section className="banner demo" aria-labelledby="demo-offer-title" style={{ marginBottom: 0 }}>
      <div className="icon">
        <Package size={18} />
      </div>
      <div className="grow">
        <h3 id="demo-offer-title">Your shop is empty</h3>
        <p>
          Copy {products} (with their unsold codes and files) into it? Orders and customers from the demo are not
          copied.
        </p>
      </div>
      <button className="btn" onClick={onClose} disabled={copy.isPending}>
        No thanks
      </button>
      <button className="btn primary" onClick={start} disabled={copy.isPending}>
        {copy.isPending ? <Spinner /> : <Copy size={15} />} Copy demo catalog
      </button>
    </section>
  );
}

function BotSection({ status }: { status: DeskStatus }) {
  const qc = useQueryClient();
  const toast = useToast();
  // Demo products the new real shop could take; 0 when there is nothing (more) to offer.
  const [demoOffer, setDemoOffer] = useState(0);
  const guard = useStepUpGuard();
  const run = useMutation({
    mutationFn: (what: "start" | "stop" | "restart" | "disconnect") =>
      what === "start"
        ? startBot()
        : what === "stop"
          ? stopBot()
          : what === "restart"
            ? restartBot()
            : guard.run((code) => disconnectBot(code), "Disconnecting the bot takes a code."),
    onSuccess: (s, what) => {
      setStatus(qc, s);
      if (what === "disconnect") {
        setDemoOffer(0);
        void qc.invalidateQueries();
        toast.show("success", "Disconnected", "The token is forgotten; demo mode is back.");
      }
    },
    onError: (e, what) => {
      if (!isCancelled(e)) toast.show("error", what === "disconnect" ? "Not disconnected" : "The bot did not respond", errorMessage(e));
    },
  });
  const ledger = useMutation({
    mutationFn: reconcile,
    onSuccess: (r) =>
      toast.show(
        "success",
        "Compared with Telegram's ledger",
        `${num(r.scanned)} transactions checked, ${num(r.recovered)} orders recovered, ${num(r.refunds_recorded)} refunds recorded` +
          (r.affiliates_recorded > 0 ? `, Telegram's affiliate commission on ${plural(r.affiliates_recorded, "order")}.` : "."),
      ),
    onError: (e) => toast.show("error", "Could not compare", errorMessage(e)),
  });
  const [askingStop, setAskingStop] = useState(false);
  const { bot } = status;
  return (
    <div className="card">
      <div className="card-head">
        <h2 className="row">
          <Bot size={16} /> Telegram bot
        </h2>
        <div className="row">
          {status.mode === "demo" && <span className="badge accent">Demo mode</span>}
          <BotStateBadge state={bot.state} />
        </div>
      </div>
      <div className="card-body form">
        <div className="setting-line">
          <div>
            <div style={{ fontWeight: 600 }}>{bot.bot_username ? `@${bot.bot_username}` : "No bot name yet"}</div>
            <div className="muted small">
              {status.mode === "demo"
                ? `Talking to the built-in Telegram simulator${status.simulator_url ? ` at ${status.simulator_url}` : ""}.`
                : status.token_place
                  ? `Token kept ${PLACE[status.token_place]}.`
                  : ""}
              {bot.last_error && bot.state === "failing" && <span style={{ color: "var(--red)" }}> {bot.last_error}</span>}
            </div>
          </div>
          <div className="row">
            {bot.state === "stopped" ? (
              <button className="btn primary" onClick={() => run.mutate("start")} disabled={run.isPending}>
                <Play size={15} /> Start
              </button>
            ) : (
              <>
                <button className="btn" onClick={() => run.mutate("restart")} disabled={run.isPending}>
                  <RotateCw size={15} /> Restart
                </button>
                <button className="btn" onClick={() => setAskingStop(true)} disabled={run.isPending} data-test="stop-bot">
                  <Power size={15} /> Stop
                </button>
              </>
            )}
          </div>
        </div>
        {status.mode === "live" && (
          <div className="setting-line">
            <div className="muted small">
              Telegram's star ledger is checked at every start; a payment without an order becomes one.
            </div>
            <div className="row">
              <button className="btn" onClick={() => ledger.mutate()} disabled={ledger.isPending || bot.state === "stopped"}>
                {ledger.isPending ? <Spinner /> : <Scale size={15} />} Check the ledger now
              </button>
              {status.token_place !== "environment" && (
                <button className="btn danger" onClick={() => run.mutate("disconnect")} disabled={run.isPending}>
                  <LogOut size={15} /> Disconnect
                </button>
              )}
            </div>
          </div>
        )}
        {demoOffer > 0 && status.mode === "live" && <DemoCatalogOffer count={demoOffer} onClose={() => setDemoOffer(0)} />}
        <hr style={{ border: 0, borderTop: "1px solid var(--border)", margin: "2px 0" }} />
        <TokenForm status={status} onConnected={(c) => setDemoOffer(c.demo_products)} />
      </div>
      {guard.dialog}
      {askingStop && (
        <StopSellingDialog
          onCancel={() => setAskingStop(false)}
          onStop={() => {
            setAskingStop(false);
            run.mutate("stop");
          }}
        />
      )}
    </div>
  );
}

function NotificationsSection() {
  const qc = useQueryClient();
  const toast = useToast();
  const q = useQuery({ queryKey: ["notifications"], queryFn: saleNotifications });
  const m = useMutation({
    mutationFn: (on: boolean) => setSaleNotifications(on),
    onSuccess: (_, on) => qc.setQueryData(["notifications"], on),
    onError: (e) => toast.show("error", "Not changed", errorMessage(e)),
  });
  return (
    <div className="card">
      <div className="card-body setting-line">
        <div className="row">
          <Bell size={18} />
          <div>
            <div style={{ fontWeight: 600 }}>Desktop notification for each sale</div>
            <div className="muted small">A system notification with the product and amount whenever an order is paid.</div>
          </div>
        </div>
        <Switch checked={q.data ?? true} disabled={q.isLoading || m.isPending} onChange={(on) => m.mutate(on)} label="Desktop notification for each sale" />
      </div>
    </div>
  );
}

function DataSection({ status }: { status: DeskStatus }) {
  return (
    <div className="card">
      <div className="card-body setting-line">
        <div className="row" style={{ minWidth: 0 }}>
          <FolderOpen size={18} />
          <div style={{ minWidth: 0 }}>
            <div style={{ fontWeight: 600 }}>{status.mode === "demo" ? "Demo shop data" : "Shop data"}</div>
            <div className="muted small mono ellipsis" title={status.data_dir}>
              {status.data_dir}
            </div>
            <div className="muted small row">
              <ShieldCheck size={12} />
              {status.mode === "demo"
                ? " The demo shop keeps its own SQLite file here; your real shop's data is kept apart."
                : " One SQLite file holds the whole shop; copy the folder to back it up."}
            </div>
          </div>
        </div>
        <CopyButton text={status.data_dir} label="Copy path" />
      </div>
    </div>
  );
}

/** Reminders before a cancelled subscription ends: the same setting as on the Expiry queue. */
function SubscriptionReminders() {
  const queue = useExpiryQueue();
  return queue.data ? <ReminderDays days={queue.data.reminder_days} /> : null;
}

export function SettingsPage() {
  const status = useStatus();
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Settings</h1>
          <p>Your bot, what it says, and where the shop's data lives.</p>
        </div>
      </div>
      {status.isLoading ? (
        <Loading />
      ) : status.isError ? (
        <ErrorState message={errorMessage(status.error)} onRetry={() => status.refetch()} />
      ) : (
        <div className="settings">
          <OperatorNameSection />
          <BotSection status={status.data!} />
          <TextsSection />
          <LegalSection />
          <TipsSection />
          <NotificationsSection />
          <InvoicesSection />
          <RemindersSection />
          <LimitsSection />
          <ReportsSection />
          <BackgroundSection />
          <SubscriptionReminders />
          <RefundPolicySection />
          <StepUpSection />
          <TemplatesSection />
          <DataSection status={status.data!} />
        </div>
      )}
    </div>
  );
}
