// Plans: what subscribers pay every 30 days and what they get for it (channels, a text at each
// payment). Each plan has a link that opens the bot on its card.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, Archive, ArchiveRestore, Info, Link2, Pencil, Plus, Repeat } from "lucide-react";
import { type ChangeEvent, type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Channel } from "../../bindings/Channel";
import type { Plan } from "../../bindings/Plan";
import type { PlanDraft } from "../../bindings/PlanDraft";
import { errorMessage } from "../../api/invoke";
import { createPlan, setPlanActive, updatePlan } from "../../api/subscriptions";
import { useToast } from "../../components/Toasts";
import { CopyButton, EmptyState, ErrorState, Field, Loading, Modal, Spinner, Stars } from "../../components/ui";
import { num } from "../../lib/format";
import {
  BENEFIT_MAX,
  PLAN_DESCRIPTION_MAX,
  PLAN_TITLE_MAX,
  benefitProblem,
  channelProblem,
  planDescriptionProblem,
  planLink,
  planPriceProblem,
  planTitleProblem,
} from "../../lib/subscriptionRules";
import { useChannels, usePlans, useStatus } from "../../queries";

function PlanRow({
  plan: p,
  channels,
  botUsername,
  onEdit,
}: {
  plan: Plan;
  channels: Channel[];
  botUsername: string | null;
  onEdit: () => void;
}) {
  const { t } = useTranslation(["subscriptions", "common"]);
  const qc = useQueryClient();
  const toast = useToast();
  const toggle = useMutation({
    mutationFn: () => setPlanActive(p.id, !p.active),
    onSuccess: (saved) => {
      void qc.invalidateQueries({ queryKey: ["plans"] });
      void qc.invalidateQueries({ queryKey: ["sub-figures"] });
      toast.show(
        "success",
        saved.active ? t("plans.onSale", { title: saved.title }) : t("plans.archived", { title: saved.title }),
        saved.active ? undefined : t("plans.archivedBody"),
      );
    },
    onError: (e) => toast.show("error", t("plans.notChanged"), errorMessage(e)),
  });
  const granted = p.channel_ids.map((id) => channels.find((c) => c.id === id));
  const link = botUsername ? planLink(botUsername, p.id) : null;
  return (
    <div className={`card plan-row ${p.active ? "" : "archived"}`} data-test="plan-row" data-id={p.id}>
      <div className="row">
        <h3 className="grow">{p.title}</h3>
        {p.active ? (
          <span className="badge green">
            <span className="dot" /> {t("plans.badgeOnSale")}
          </span>
        ) : (
          <span className="badge">{t("plans.badgeArchived")}</span>
        )}
        <span className="muted small">#{p.id}</span>
      </div>
      <div className="muted small">{p.description}</div>
      <div className="plan-facts">
        <div>
          <div className="k">{t("plans.price")}</div>
          <div className="v">
            <Stars n={p.price} /> <span className="muted small">{t("plans.perPeriod")}</span>
          </div>
        </div>
        <div>
          <div className="k">{t("plans.subscribers")}</div>
          <div className="v tabular">{num(p.active_subscribers)}</div>
        </div>
        <div style={{ minWidth: 0 }}>
          <div className="k">{t("plans.grants")}</div>
          <div className="v plan-grants">
            {granted.length === 0 && !p.benefit && <span className="muted">{t("plans.nothing")}</span>}
            {granted.map((c, i) =>
              c ? (
                <span key={c.id} className={`badge ${channelProblem(c) ? "red" : "accent"}`} title={channelProblem(c) ?? undefined}>
                  {c.title}
                </span>
              ) : (
                <span key={p.channel_ids[i]} className="badge">
                  {t("plans.channelId", { id: p.channel_ids[i] })}
                </span>
              ),
            )}
            {p.benefit && <span className="badge blue">{t("plans.textAtPayment")}</span>}
          </div>
        </div>
      </div>
      {p.benefit && (
        <div className="benefit" title={t("plans.benefitTitle")}>
          {p.benefit}
        </div>
      )}
      {p.at_other_prices > 0 && (
        <div className="muted small row">
          <Info size={13} /> {t("plans.earlierPrice", { count: p.at_other_prices })}
        </div>
      )}
      {p.active &&
        (link ? (
          <div className="link-box" title={t("plans.linkTitle")} data-test="plan-link">
            <Link2 size={13} />
            <span>{link}</span>
            <CopyButton text={link} label={t("plans.copyLink")} deepLink />
          </div>
        ) : (
          <div className="muted small row">
            <Link2 size={13} /> {t("plans.noLink")}
          </div>
        ))}
      <div className="row">
        <button className="btn sm" onClick={onEdit} aria-label={t("plans.editLabel", { title: p.title })} data-test="plan-edit">
          <Pencil size={13} /> {t("common:actions.edit")}
        </button>
        <span className="grow" />
        <button className="btn sm ghost" onClick={() => toggle.mutate()} disabled={toggle.isPending} data-test="plan-archive">
          {toggle.isPending ? <Spinner /> : p.active ? <Archive size={13} /> : <ArchiveRestore size={13} />}
          {p.active ? t("plans.archive") : t("plans.putOnSale")}
        </button>
      </div>
    </div>
  );
}

interface FormState {
  title: string;
  description: string;
  price: string;
  benefit: string;
  channelIds: number[];
}

function formOf(p: Plan | null): FormState {
  return {
    title: p?.title ?? "",
    description: p?.description ?? "",
    price: p ? String(p.price) : "",
    benefit: p?.benefit ?? "",
    channelIds: p?.channel_ids ?? [],
  };
}

function draftOf(f: FormState): PlanDraft {
  return {
    title: f.title.trim(),
    description: f.description.trim(),
    price: Number(f.price.trim()),
    benefit: f.benefit.trim() ? f.benefit.trim() : null,
    channel_ids: f.channelIds,
  };
}

export function PlanEditor({
  plan,
  channels,
  onClose,
  onChannels,
}: {
  plan: Plan | null;
  channels: Channel[];
  onClose: () => void;
  onChannels: () => void;
}) {
  const { t } = useTranslation(["subscriptions", "common"]);
  const qc = useQueryClient();
  const toast = useToast();
  const [f, setF] = useState<FormState>(() => formOf(plan));
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);

  const problems = {
    title: planTitleProblem(f.title),
    description: planDescriptionProblem(f.description),
    price: planPriceProblem(f.price),
    benefit: benefitProblem(f.benefit),
  };
  // The price is checked as it is typed; the other fields once left or on save.
  const show = (k: keyof typeof problems) =>
    (submitted || touched[k] || (k === "price" && f.price.trim() !== "") ? problems[k] : null) ?? null;
  const valid = Object.values(problems).every((p) => p === null);

  const set = (k: "title" | "description" | "price" | "benefit") => (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    setServerError(null);
    setF({ ...f, [k]: e.target.value });
  };
  const blur = (k: string) => () => setTouched((t) => ({ ...t, [k]: true }));
  const toggleChannel = (id: number, on: boolean) => {
    setServerError(null);
    setF({ ...f, channelIds: on ? [...f.channelIds, id] : f.channelIds.filter((x) => x !== id) });
  };

  const save = useMutation({
    mutationFn: () => (plan ? updatePlan(plan.id, draftOf(f)) : createPlan(draftOf(f))),
    onSuccess: (saved) => {
      void qc.invalidateQueries({ queryKey: ["plans"] });
      void qc.invalidateQueries({ queryKey: ["channels"] });
      void qc.invalidateQueries({ queryKey: ["sub-figures"] });
      toast.show(
        "success",
        plan ? t("plans.editor.saved", { title: saved.title }) : t("plans.editor.created", { title: saved.title }),
        plan ? undefined : t("plans.editor.createdBody"),
      );
      onClose();
    },
    onError: (e) => setServerError(errorMessage(e)),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (valid && !save.isPending) save.mutate();
  };

  // Telegram renews a subscription at the price of the invoice it started with.
  const newPrice = problems.price === null ? Number(f.price.trim()) : null;
  const subscribers = plan?.active_subscribers ?? 0;
  const priceChanges = plan !== null && newPrice !== null && newPrice !== plan.price && subscribers > 0;

  return (
    <Modal
      title={plan ? t("plans.editor.editTitle", { title: plan.title }) : t("plans.editor.newTitle")}
      onClose={onClose}
      wide
      footer={
        <>
          <button className="btn" type="button" onClick={onClose}>
            {t("common:actions.cancel")}
          </button>
          <button className="btn primary" type="submit" form="plan-form" disabled={save.isPending} data-test="plan-save">
            {save.isPending && <Spinner />}
            {plan ? t("plans.editor.saveChanges") : t("plans.editor.create")}
          </button>
        </>
      }
    >
      <form id="plan-form" className="form" onSubmit={submit} noValidate data-submitted={submitted ? "true" : undefined}>
        <Field
          label={t("plans.editor.title")}
          error={show("title")}
          counter={`${f.title.length}/${PLAN_TITLE_MAX}`}
          hint={t("plans.editor.titleHint")}
        >
          {(p) => (
            <input
              {...p}
              name="plan-title"
              className="input"
              value={f.title}
              onChange={set("title")}
              onBlur={blur("title")}
              placeholder={t("plans.editor.titlePlaceholder")}
              data-autofocus
              data-test="plan-title"
            />
          )}
        </Field>
        <Field label={t("plans.editor.description")} error={show("description")} counter={`${f.description.length}/${PLAN_DESCRIPTION_MAX}`}>
          {(p) => (
            <textarea
              {...p}
              name="plan-description"
              className="textarea"
              rows={2}
              value={f.description}
              onChange={set("description")}
              onBlur={blur("description")}
              placeholder={t("plans.editor.descriptionPlaceholder")}
              data-test="plan-description"
            />
          )}
        </Field>
        <Field label={t("plans.editor.price")} error={show("price")} hint={t("plans.editor.priceHint")}>
          {(p) => (
            <input
              {...p}
              name="plan-price"
              className="input"
              inputMode="numeric"
              placeholder={t("plans.editor.pricePlaceholder")}
              value={f.price}
              onChange={set("price")}
              onBlur={blur("price")}
              style={{ maxWidth: 200 }}
              data-test="plan-price"
            />
          )}
        </Field>
        {priceChanges && (
          <div className="banner warn" role="note" style={{ marginBottom: 0 }} data-test="plan-price-note">
            <Info size={18} color="var(--amber)" />
            <div className="grow">
              <p>{t("plans.editor.priceNote", { count: subscribers, price: num(newPrice) })}</p>
            </div>
          </div>
        )}
        {plan && plan.at_other_prices > 0 && (
          <div className="help row">
            <Info size={13} /> {t("plans.editor.earlierPrice", { count: plan.at_other_prices })}
          </div>
        )}
        <div className="field">
          <span className="label">{t("plans.editor.channels")}</span>
          {channels.length === 0 ? (
            <div className="help row wrap">
              {t("plans.editor.noChannels")}
              <button type="button" className="btn sm" onClick={onChannels}>
                {t("plans.editor.openChannels")}
              </button>
            </div>
          ) : (
            <div className="channel-choices">
              {channels.map((c) => {
                const problem = channelProblem(c);
                return (
                  <label key={c.id} className="channel-choice">
                    <input
                      type="checkbox"
                      checked={f.channelIds.includes(c.id)}
                      onChange={(e) => toggleChannel(c.id, e.target.checked)}
                      data-test="plan-channel"
                      data-id={c.id}
                    />
                    <span className="grow">
                      {c.title}
                      {c.username && <span className="muted small"> @{c.username}</span>}
                    </span>
                    {problem && (
                      <span className="badge red" title={problem}>
                        <AlertTriangle size={12} /> {t("plans.editor.lacksRights")}
                      </span>
                    )}
                  </label>
                );
              })}
            </div>
          )}
          <div className="help">{t("plans.editor.channelsHelp")}</div>
        </div>
        <Field
          label={t("plans.editor.benefit")}
          error={show("benefit")}
          counter={`${f.benefit.length}/${num(BENEFIT_MAX)}`}
          hint={t("plans.editor.benefitHint")}
        >
          {(p) => (
            <textarea
              {...p}
              name="plan-benefit"
              className="textarea"
              rows={3}
              value={f.benefit}
              onChange={set("benefit")}
              onBlur={blur("benefit")}
              data-test="plan-benefit"
            />
          )}
        </Field>
        {serverError && (
          <div className="banner error" role="alert" style={{ marginBottom: 0 }}>
            <div className="grow">
              <h3>{t("plans.editor.notSaved")}</h3>
              <p>{serverError}</p>
            </div>
          </div>
        )}
      </form>
    </Modal>
  );
}

export function PlansPanel({ onChannels }: { onChannels: () => void }) {
  const { t } = useTranslation("subscriptions");
  const plans = usePlans();
  const channels = useChannels();
  const status = useStatus();
  const [editing, setEditing] = useState<Plan | "new" | null>(null);
  const username = status.data?.bot.bot_username ?? null;
  const list = plans.data ?? [];
  // On sale first, then archived; newest first within each.
  const sorted = [...list].sort((a, b) => Number(b.active) - Number(a.active) || b.id - a.id);

  return (
    <div className="stack">
      <div className="row">
        <p className="muted grow" style={{ margin: 0 }}>
          {t("plans.lead")}
        </p>
        <button className="btn primary" onClick={() => setEditing("new")} data-test="plan-new">
          <Plus size={16} /> {t("plans.new")}
        </button>
      </div>
      {plans.isLoading ? (
        <Loading />
      ) : plans.isError ? (
        <ErrorState message={errorMessage(plans.error)} onRetry={() => plans.refetch()} />
      ) : list.length === 0 ? (
        <div className="card">
          <EmptyState
            icon={<Repeat size={24} />}
            title={t("plans.emptyTitle")}
            action={
              <div className="row">
                <button className="btn" onClick={onChannels}>
                  {t("plans.addChannel")}
                </button>
                <button className="btn primary" onClick={() => setEditing("new")}>
                  <Plus size={16} /> {t("plans.createPlan")}
                </button>
              </div>
            }
          >
            {t("plans.emptyBody")}
          </EmptyState>
        </div>
      ) : (
        <div className="plans" aria-label={t("plans.listLabel")}>
          {sorted.map((p) => (
            <PlanRow key={p.id} plan={p} channels={channels.data ?? []} botUsername={username} onEdit={() => setEditing(p)} />
          ))}
        </div>
      )}
      {editing && (
        <PlanEditor
          plan={editing === "new" ? null : editing}
          channels={channels.data ?? []}
          onClose={() => setEditing(null)}
          onChannels={() => {
            setEditing(null);
            onChannels();
          }}
        />
      )}
    </div>
  );
}
