// Telegram's affiliate program beside the shop's own: the affiliates Telegram paid out of a
// period's sales (read from its ledger), and the shop's referrers with what they brought and
// earned.

import { useQuery } from "@tanstack/react-query";
import { Megaphone, Users } from "lucide-react";
import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { affiliatesReport } from "../../api/affiliates";
import { errorMessage } from "../../api/invoke";
import { Avatar, EmptyState, ErrorState, Loading, Stars } from "../../components/ui";
import { localMidnight, num } from "../../lib/format";
import { useReferrers } from "../../queries";
import { starsExact } from "../orders/Affiliate";
import { Commission } from "./Commission";

const PERIODS = [7, 30, 90, 365] as const;

export function AffiliatesPanel() {
  const { t } = useTranslation("referrals");
  const [days, setDays] = useState(30);
  // Whole local days, today included.
  const to = localMidnight() + 86_400;
  const from = to - days * 86_400;
  const report = useQuery({ queryKey: ["affiliates", from, to], queryFn: () => affiliatesReport(from, to) });
  const referrers = useReferrers();
  const r = report.data;
  const own = (referrers.data ?? []).filter((x) => x.revenue > 0 || x.earned !== 0);

  return (
    <div className="stack">
      <div className="row">
        <p className="muted grow" style={{ margin: 0 }}>
          {t("affiliates.lead")}
        </p>
        <select className="select period-select" aria-label={t("affiliates.period")} value={days} onChange={(e) => setDays(Number(e.target.value))} data-test="affiliates-period">
          {PERIODS.map((p) => (
            <option key={p} value={p}>
              {t(`affiliates.periods.d${p}`)}
            </option>
          ))}
        </select>
      </div>
      {report.isLoading ? (
        <Loading />
      ) : report.isError ? (
        <ErrorState message={errorMessage(report.error)} onRetry={() => report.refetch()} />
      ) : (
        r && (
          <div className="sub-figures card" data-test="affiliate-figures">
            <div className="sub-figure">
              <div className="label">{t("affiliates.sales")}</div>
              <div className="value">
                <Stars n={r.gross} size={17} />
              </div>
              <div className="hint">{t("affiliates.salesHint", { orders: t("count.orders", { count: r.orders }) })}</div>
            </div>
            <div className="sub-figure">
              <div className="label">{t("affiliates.brought")}</div>
              <div className="value tabular">{num(r.affiliate_orders)}</div>
              <div className="hint">
                {r.orders > 0
                  ? t("affiliates.share", { percent: Math.round((r.affiliate_orders / r.orders) * 100) })
                  : t("affiliates.noOrders")}
              </div>
            </div>
            <div className="sub-figure">
              <div className="label">{t("affiliates.commissions")}</div>
              <div className="value" title={t("affiliates.exact", { amount: starsExact(r.commission, r.commission_nanostars) })}>
                <Stars n={r.commission} size={17} />
              </div>
              <div className="hint">{t("affiliates.commissionsHint")}</div>
            </div>
            <div className="sub-figure">
              <div className="label">{t("affiliates.net")}</div>
              <div className="value" title={t("affiliates.exact", { amount: starsExact(r.net, r.net_nanostars) })}>
                <Stars n={r.net} size={17} />
              </div>
              <div className="hint">{t("affiliates.netHint")}</div>
            </div>
          </div>
        )
      )}
      <div className="grid-even">
        <div className="card" data-test="telegram-affiliates">
          <div className="card-head">
            <div>
              <h2>{t("affiliates.telegramTitle")}</h2>
              <div className="muted small">
                {t("affiliates.telegramSub", {
                  period: (PERIODS as readonly number[]).includes(days) ? t(`affiliates.periods.d${days as (typeof PERIODS)[number]}`) : "",
                })}
              </div>
            </div>
          </div>
          {r && r.affiliates.length === 0 ? (
            <EmptyState icon={<Megaphone size={24} />} title={t("affiliates.noSales")}>
              {t("affiliates.noSalesBody")}
            </EmptyState>
          ) : (
            <div className="list">
              {(r?.affiliates ?? []).map((a) => (
                <div className="list-item" key={`${a.kind}-${a.affiliate_id}`} data-test="affiliate-row">
                  <Avatar id={a.affiliate_id} name={a.name} />
                  <div className="grow" style={{ minWidth: 0 }}>
                    <div className="ellipsis" style={{ fontWeight: 560 }}>
                      {a.name}
                    </div>
                    <div className="muted small">
                      {a.kind === "chat" ? t("affiliates.kindChat") : t("affiliates.kindUser")} · {t("count.orders", { count: a.orders })} ·{" "}
                      <Trans t={t} i18nKey="affiliates.broughtStars" components={{ stars: <Stars n={a.gross} size={11} /> }} />
                    </div>
                  </div>
                  <div style={{ textAlign: "right" }} title={t("affiliates.exact", { amount: starsExact(a.commission, a.commission_nanostars) })}>
                    <Stars n={a.commission} />
                    <div className="muted small">{t("affiliates.cost")}</div>
                  </div>
                </div>
              ))}
            </div>
          )}
        </div>
        <div className="card" data-test="own-referrers">
          <div className="card-head">
            <div>
              <h2>{t("affiliates.ownTitle")}</h2>
              <div className="muted small">{t("affiliates.ownSub")}</div>
            </div>
          </div>
          {referrers.isLoading ? (
            <Loading />
          ) : own.length === 0 ? (
            <EmptyState icon={<Users size={24} />} title={t("affiliates.noReferralSales")}>
              {t("affiliates.noReferralSalesBody")}
            </EmptyState>
          ) : (
            <div className="list">
              {own.slice(0, 50).map((x) => (
                <div className="list-item" key={x.customer_id}>
                  <Avatar id={x.customer_id} name={x.name} />
                  <div className="grow" style={{ minWidth: 0 }}>
                    <div className="ellipsis" style={{ fontWeight: 560 }}>
                      {x.name}
                    </div>
                    <div className="muted small">
                      {t("count.buyers", { count: x.buyers })} ·{" "}
                      <Trans t={t} i18nKey="affiliates.broughtStars" components={{ stars: <Stars n={x.revenue} size={11} /> }} />
                    </div>
                  </div>
                  <div style={{ textAlign: "right" }}>
                    <Commission m={x.earned} />
                    <div className="muted small">{t("affiliates.cost")}</div>
                  </div>
                </div>
              ))}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
