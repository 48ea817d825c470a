// Channels: the private channels and groups plans let subscribers into. The bot must administer
// each one with the rights to invite (a one-person link per subscriber) and to ban (removal when
// a subscription ends); Telegram is asked, never assumed.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, Megaphone, Plus, RotateCw, Trash2, Users } from "lucide-react";
import { type FormEvent, useState } from "react";
import type { Channel } from "../../bindings/Channel";
import type { Plan } from "../../bindings/Plan";
import { errorMessage } from "../../api/invoke";
import { checkChannel, forgetChannel, recheckChannels } from "../../api/subscriptions";
import { useToast } from "../../components/Toasts";
import { EmptyState, ErrorState, Loading, Spinner } from "../../components/ui";
import { ago, plural } from "../../lib/format";
import { channelProblem } from "../../lib/subscriptionRules";
import { useChannels, usePlans, useStatus } from "../../queries";

const BOT_STATUS: Record<string, string> = {
  admin: "Administrator",
  member: "Member only",
  left: "Not in it",
  kicked: "Removed from it",
  restricted: "Restricted",
};

function ChannelRow({ channel: c, plans }: { channel: Channel; plans: Plan[] }) {
  const qc = useQueryClient();
  const toast = useToast();
  const problem = channelProblem(c);
  const granting = plans.filter((p) => p.channel_ids.includes(c.id));
  const forget = useMutation({
    mutationFn: () => forgetChannel(c.id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["channels"] });
      toast.show("success", `${c.title} forgotten`, "Add it again whenever a plan should grant it.");
    },
    onError: (e) => toast.show("error", "Not forgotten", errorMessage(e)),
  });
  return (
    <div className="list-item channel-row" data-test="channel-row" data-id={c.id}>
      <div className="channel-icon" aria-hidden>
        {c.kind === "group" ? <Users size={16} /> : <Megaphone size={16} />}
      </div>
      <div className="grow" style={{ minWidth: 0 }}>
        <div className="row wrap">
          <span style={{ fontWeight: 600 }}>{c.title}</span>
          {c.username && <span className="muted small">@{c.username}</span>}
          <span className="badge">{c.kind === "group" ? "Group" : "Channel"}</span>
          <span className={`badge ${problem ? "red" : "green"}`}>
            <span className="dot" />
            Bot: {BOT_STATUS[c.bot_status] ?? c.bot_status}
          </span>
          {c.bot_status === "admin" && (
            <span className="muted small">
              {c.can_invite ? "may invite" : "may not invite"} · {c.can_ban ? "may ban" : "may not ban"}
            </span>
          )}
        </div>
        <div className="muted small" style={{ marginTop: 3 }}>
          {granting.length > 0
            ? `Granted by ${granting.map((p) => p.title).join(", ")}`
            : c.plans > 0
              ? `Granted by ${plural(c.plans, "plan")}`
              : c.products > 0
                ? "No plan grants it"
                : "No plan grants it yet"}
          {c.products > 0 && ` · sold as channel access (${plural(c.products, "product")})`}
          {" · "}id <span className="mono">{c.id}</span> · checked {ago(c.checked_at)}
        </div>
        {problem && (
          <div className="channel-problem" role="alert" data-test="channel-problem">
            <AlertTriangle size={14} /> {problem}
          </div>
        )}
      </div>
      {c.plans === 0 && c.products === 0 && (
        <button
          className="btn sm ghost danger"
          onClick={() => forget.mutate()}
          disabled={forget.isPending}
          aria-label={`Forget ${c.title}`}
          title="No plan or product grants it: the shop stops keeping it"
          data-test="channel-forget"
        >
          {forget.isPending ? <Spinner /> : <Trash2 size={13} />} Forget
        </button>
      )}
    </div>
  );
}

export function ChannelsPanel() {
  const qc = useQueryClient();
  const toast = useToast();
  const channels = useChannels();
  const plans = usePlans();
  const status = useStatus();
  const bot = status.data?.bot.bot_username;
  const [chat, setChat] = useState("");
  const [error, setError] = useState<string | null>(null);

  const add = useMutation({
    mutationFn: (c: string) => checkChannel(c),
    onSuccess: (c) => {
      setChat("");
      void qc.invalidateQueries({ queryKey: ["channels"] });
      const problem = channelProblem(c);
      if (problem) toast.show("info", `${c.title} added, with a problem`, problem);
      else toast.show("success", `${c.title} added`, "Plans can grant it now.");
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const recheck = useMutation({
    mutationFn: recheckChannels,
    onSuccess: (list) => {
      qc.setQueryData(["channels"], list);
      const troubled = list.filter((c) => channelProblem(c) !== null).length;
      toast.show(
        troubled ? "info" : "success",
        "Channels checked with Telegram",
        troubled ? `${plural(troubled, "channel needs", "channels need")} your attention.` : "The bot has the rights it needs everywhere.",
      );
    },
    onError: (e) => toast.show("error", "Not checked", errorMessage(e)),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const c = chat.trim();
    if (!c) {
      setError("Paste the channel's @name, its id or its t.me link.");
      return;
    }
    setError(null);
    add.mutate(c);
  };

  const list = channels.data ?? [];
  return (
    <div className="stack">
      <div className="card">
        <div className="card-head">
          <h2>Add a channel or group</h2>
        </div>
        <div className="card-body stack">
          <ol className="how-to">
            <li>
              In Telegram, open the channel or group, then <strong>Administrators → Add administrator</strong> and choose{" "}
              {bot ? <strong>@{bot}</strong> : "your bot"}.
            </li>
            <li>
              Leave it the rights to <strong>add members</strong> (invite links) and to <strong>ban users</strong>: the bot lets
              each subscriber in with a one-person link and takes them out when they stop paying.
            </li>
            <li>Paste the channel's @name, its t.me link, or for a private one its id (such as -1001234567890), and add it.</li>
          </ol>
          <form className="row" onSubmit={submit} noValidate>
            <input
              className="input"
              name="channel-chat"
              placeholder="@mychannel, -1001234567890 or https://t.me/mychannel"
              aria-label="Channel or group"
              aria-invalid={Boolean(error)}
              value={chat}
              disabled={add.isPending}
              onChange={(e) => {
                setChat(e.target.value);
                setError(null);
              }}
              data-test="channel-chat"
            />
            <button className="btn primary" type="submit" disabled={add.isPending} data-test="channel-add">
              {add.isPending ? <Spinner /> : <Plus size={15} />} Add
            </button>
          </form>
          {error && (
            <div className="form-error" role="alert">
              <AlertTriangle size={13} /> {error}
            </div>
          )}
        </div>
      </div>
      <div className="card">
        <div className="card-head">
          <h2>Channels the bot administers</h2>
          <button
            className="btn sm"
            onClick={() => recheck.mutate()}
            disabled={recheck.isPending || list.length === 0}
            data-test="channels-recheck"
          >
            {recheck.isPending ? <Spinner /> : <RotateCw size={13} />} Check again
          </button>
        </div>
        {channels.isLoading ? (
          <Loading />
        ) : channels.isError ? (
          <ErrorState message={errorMessage(channels.error)} onRetry={() => channels.refetch()} />
        ) : list.length === 0 ? (
          <EmptyState icon={<Megaphone size={24} />} title="No channels yet">
            A plan can grant private channels and groups. Make the bot an administrator of one, then add it above.
          </EmptyState>
        ) : (
          <div className="list" aria-label="Channels">
            {list.map((c) => (
              <ChannelRow key={c.id} channel={c} plans={plans.data ?? []} />
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
