// The English texts are the keys' source: a key missing from them does not type-check.
import "i18next";
import type audit from "../locales/en/audit.json";
import type catalog from "../locales/en/catalog.json";
import type common from "../locales/en/common.json";
import type customers from "../locales/en/customers.json";
import type demo from "../locales/en/demo.json";
import type orders from "../locales/en/orders.json";
import type overview from "../locales/en/overview.json";
import type promos from "../locales/en/promos.json";
import type referrals from "../locales/en/referrals.json";
import type reports from "../locales/en/reports.json";
import type settings from "../locales/en/settings.json";
import type subscriptions from "../locales/en/subscriptions.json";
import type support from "../locales/en/support.json";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "common";
    returnNull: false;
    resources: {
      common: typeof common;
      overview: typeof overview;
      audit: typeof audit;
      demo: typeof demo;
      catalog: typeof catalog;
      promos: typeof promos;
      orders: typeof orders;
      customers: typeof customers;
      subscriptions: typeof subscriptions;
      referrals: typeof referrals;
      reports: typeof reports;
      support: typeof support;
      settings: typeof settings;
    };
  }
}
