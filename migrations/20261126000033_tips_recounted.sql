-- A refunded tip's refund (and Telegram's affiliate commission on a tip) was counted under the
-- item (0, 0), "unknown", while the tip's sale counted under the Tips item (0, -1); a recount
-- after a time-zone change put whole tips under (0, 0). Forgetting the zone the rollup was
-- counted in makes the next start count it again, with tips on their own line.
DELETE FROM settings WHERE key = 'report_days_zone';
