// Channels: the private channels and groups plans let subscribers into. The bot must administer
// each one with the rights to invite (a one-person link per subscriber) and to ban (removal when
// a subscription ends); Telegram is asked, never assumed.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, Megaphone, Plus, RotateCw, Trash2, Users } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import type { Channel } from "../../bindings/Channel";
import type { Plan } from "../../bindings/Plan";
import { errorMessage } from "../../api/invoke";
import { checkChannel, forgetChannel, recheckChannels } from "../../api/subscriptions";
import { useToast } from "../../components/Toasts";
import { EmptyState, ErrorState, Loading, Spinner } from "../../components/ui";
import { ago } from "../../lib/format";
import { channelProblem } from "../../lib/subscriptionRules";
import { useChannels, usePlans, useStatus } from "../../queries";

const BOT_STATUS = ["admin", "member", "left", "kicked", "restricted"] as const;

function ChannelRow({ channel: c, plans }: { channel: Channel; plans: Plan[] }) {
  const { t } = useTranslation("subscriptions");
  const qc = useQueryClient();
  const toast = useToast();
  const problem = channelProblem(c);
  const granting = plans.filter((p) => p.channel_ids.includes(c.id));
  const botStatus = (BOT_STATUS as readonly string[]).includes(c.bot_status)
    ? t(`channels.botStatus.${c.bot_status as (typeof BOT_STATUS)[number]}`)
    : c.bot_status;
  const forget = useMutation({
    mutationFn: () => forgetChannel(c.id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["channels"] });
      toast.show("success", t("channels.forgotten", { title: c.title }), t("channels.forgottenBody"));
    },
    onError: (e) => toast.show("error", t("channels.notForgotten"), errorMessage(e)),
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
          <span className="badge">{c.kind === "group" ? t("channels.group") : t("channels.channel")}</span>
          <span className={`badge ${problem ? "red" : "green"}`}>
            <span className="dot" />
            {t("channels.bot", { status: botStatus })}
          </span>
          {c.bot_status === "admin" && (
            <span className="muted small">
              {c.can_invite ? t("channels.mayInvite") : t("channels.mayNotInvite")} ·{" "}
              {c.can_ban ? t("channels.mayBan") : t("channels.mayNotBan")}
            </span>
          )}
        </div>
        <div className="muted small" style={{ marginTop: 3 }}>
          {granting.length > 0
            ? t("channels.grantedBy", { plans: granting.map((p) => p.title).join(", ") })
            : c.plans > 0
              ? t("channels.grantedByCount", { count: c.plans })
              : c.products > 0
                ? t("channels.noPlan")
                : t("channels.noPlanYet")}
          {c.products > 0 && ` · ${t("channels.soldAs", { count: c.products })}`}
          {" · "}
          {t("channels.id")} <span className="mono">{c.id}</span> · {t("channels.checked", { ago: ago(c.checked_at) })}
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
          aria-label={t("channels.forgetLabel", { title: c.title })}
          title={t("channels.forgetTitle")}
          data-test="channel-forget"
        >
          {forget.isPending ? <Spinner /> : <Trash2 size={13} />} {t("channels.forget")}
        </button>
      )}
    </div>
  );
}

export function ChannelsPanel() {
  const { t } = useTranslation("subscriptions");
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
      if (problem) toast.show("info", t("channels.addedProblem", { title: c.title }), problem);
      else toast.show("success", t("channels.added", { title: c.title }), t("channels.addedBody"));
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
        t("channels.checkedTitle"),
        troubled ? t("channels.needAttention", { count: troubled }) : t("channels.allGood"),
      );
    },
    onError: (e) => toast.show("error", t("channels.notChecked"), errorMessage(e)),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const c = chat.trim();
    if (!c) {
      setError(t("channels.pasteFirst"));
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
          <h2>{t("channels.addTitle")}</h2>
        </div>
        <div className="card-body stack">
          <ol className="how-to">
            <li>
              <Trans
                t={t}
                i18nKey="channels.howTo.admin"
                components={{ b: <strong />, bot: bot ? <strong>@{bot}</strong> : <>{t("channels.howTo.yourBot")}</> }}
              />
            </li>
            <li>
              <Trans t={t} i18nKey="channels.howTo.rights" components={{ b: <strong /> }} />
            </li>
            <li>{t("channels.howTo.paste")}</li>
          </ol>
          <form className="row" onSubmit={submit} noValidate>
            <input
              className="input"
              name="channel-chat"
              placeholder={t("channels.chatPlaceholder")}
              aria-label={t("channels.chatLabel")}
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
              {add.isPending ? <Spinner /> : <Plus size={15} />} {t("channels.add")}
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
          <h2>{t("channels.listTitle")}</h2>
          <button
            className="btn sm"
            onClick={() => recheck.mutate()}
            disabled={recheck.isPending || list.length === 0}
            data-test="channels-recheck"
          >
            {recheck.isPending ? <Spinner /> : <RotateCw size={13} />} {t("channels.checkAgain")}
          </button>
        </div>
        {channels.isLoading ? (
          <Loading />
        ) : channels.isError ? (
          <ErrorState message={errorMessage(channels.error)} onRetry={() => channels.refetch()} />
        ) : list.length === 0 ? (
          <EmptyState icon={<Megaphone size={24} />} title={t("channels.emptyTitle")}>
            {t("channels.emptyBody")}
          </EmptyState>
        ) : (
          <div className="list" aria-label={t("channels.listLabel")}>
            {list.map((c) => (
              <ChannelRow key={c.id} channel={c} plans={plans.data ?? []} />
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
