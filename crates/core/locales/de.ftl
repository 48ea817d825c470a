### What the bot says to customers, in German (translated from en.ftl, the source: every
### message there is here too). Values in { $braces } are filled in by the shop, already
### HTML-escaped; a message's <b>, <i>, <s> and <code> are Telegram HTML.

## The built-in bot texts (the merchant writes their own in Settings).

default-welcome = Willkommen! Wählen Sie unten etwas aus. Sie bezahlen direkt hier im Chat mit Telegram Stars und erhalten Ihren Kauf sofort.
default-terms = Verkaufsbedingungen: Digitale Waren werden direkt nach der Zahlung mit Telegram Stars in diesem Chat geliefert. Kann eine Bestellung nicht geliefert werden, erhalten Sie den vollen Betrag auf Ihr Stars-Guthaben zurück. Bei Fragen zu einer Zahlung nutzen Sie /paysupport.
default-refunds = Konnte Ihr Kauf nicht geliefert werden, erhalten Sie Ihre Stars sofort in voller Höhe zurück. In allen anderen Fällen wenden Sie sich innerhalb von 14 Tagen nach dem Kauf über /paysupport an uns und nennen Sie den Grund; Rückerstattungen gehen auf Ihr Stars-Guthaben.
default-paysupport = Hilfe bei Zahlungen: Schreiben Sie Ihre Frage mit Ihrer Bestellnummer (siehe /purchases) in diesen Chat, wir antworten innerhalb von 24 Stunden. Rückerstattungen gehen auf Ihr Stars-Guthaben.
default-help =
    /shop – der Katalog
    /purchases – Ihre Bestellungen und Ihre Waren erneut erhalten
    /subscriptions – Ihre Abonnements
    /promo CODE – einen Aktionscode einlösen
    /referrals – Freunde einladen und Guthaben verdienen
    /paysupport – Hilfe bei einer Zahlung
    /reminders – Erinnerungen an offene Zahlungen
    /stop – keine Nachrichten außer Antworten
    /terms – Verkaufsbedingungen, Rückerstattungen und Verkäufer
default-tip-thanks = Vielen Dank für Ihre Unterstützung! Sie hält diesen Shop am Laufen.

## The menu of commands (setMyCommands).

command-start = Shop öffnen
command-shop = Katalog
command-purchases = Ihre Käufe, Waren erneut erhalten
command-subscriptions = Ihre Abonnements
command-promo = Aktionscode einlösen: /promo CODE
command-referrals = Freunde einladen, Guthaben verdienen
command-tip = Den Shop mit Trinkgeld unterstützen
command-paysupport = Hilfe bei einer Zahlung
command-terms = Verkaufsbedingungen, Rückerstattungen und Verkäufer
command-reminders = Erinnerungen an offene Zahlungen
command-stop = Keine Nachrichten außer Antworten
command-help = So funktioniert dieser Bot
command-cancel = Rückerstattungsanfrage abbrechen

## Catalog and cards.

in-stock = Auf Lager
sold-out-stock = Ausverkauft
stock-left = Noch { $n } verfügbar
catalog-empty = Im Shop gibt es gerade nichts zu kaufen. Bitte schauen Sie später wieder vorbei.
catalog-tap = <b>Katalog</b>: Tippen Sie auf ein Produkt, um es anzusehen.
plan-button = { $title } · { $price } / 30 Tage
card-channel = Dauerhafter Zugang zu <b>{ $channel }</b>: Einmal bezahlen und über einen persönlichen Einladungslink beitreten.
card-channel-unnamed = einem privaten Kanal
card-price = Preis: <b>{ $price }</b>
card-limit = Limit: { $limit } pro Kunde
buy-for = Kaufen für { $price }
buy-with-credit = Mit Guthaben bezahlen
terms-button = AGB
accept-button = ✅ Ich akzeptiere die AGB
accept-first = Bitte lesen und akzeptieren Sie vor Ihrem Kauf die Bedingungen (AGB):
accepted = Vielen Dank: Sie haben die Bedingungen akzeptiert (Version { $version }). Hier ist Ihre Rechnung.
legal-refunds = Rückerstattungen
legal-seller = Verkäufer
legal-version = AGB-Version { $version }
not-on-sale = Dieses Produkt wird nicht mehr verkauft. Das aktuelle Angebot: /shop
sold-out = Dieses Produkt ist leider gerade ausverkauft. Was verfügbar ist, sehen Sie unter /shop.
limit-reached =
    { $limit ->
        [one] Sie haben dieses Produkt bereits einmal gekauft, das ist das Maximum pro Kunde: Es kann nicht erneut gekauft werden. Ihre Käufe finden Sie unter /purchases.
       *[other] Sie haben dieses Produkt bereits { $limit }-mal gekauft, das ist das Maximum pro Kunde: Es kann nicht erneut gekauft werden. Ihre Käufe finden Sie unter /purchases.
    }
one-at-a-time = Dieses Produkt wird nur einzeln verkauft.
only-left = Nur noch { $n } verfügbar: Bitte wählen Sie eine kleinere Menge.
limit-left = Sie können von diesem Produkt noch { $n } Stück kaufen: Bitte wählen Sie eine kleinere Menge.

## Invoices.

invoice-valid-minutes = Gültig für { $minutes } Min., bis { $until }.
invoice-valid-hours = Gültig für { $hours } Std., bis { $until }.
invoice-expired = Die Rechnung für <b>{ $title }</b> ({ $price }) ist abgelaufen.
buy-fresh = Erneut kaufen
reminders-question = Soll ich Sie später einmal erinnern, wenn eine Zahlung nicht abgeschlossen wurde? Mit /reminders können Sie das jederzeit ändern.
reminders-yes = Ja, bitte erinnern
reminders-no = Nein, danke
reminders-on = Erinnerungen sind an: Bleibt eine Zahlung offen, erinnere ich Sie etwas später einmal daran. /reminders schaltet sie aus, /stop schaltet alle Nachrichten aus, die keine Antworten sind.
reminders-off = Erinnerungen sind aus: Ich erinnere Sie nicht an offene Zahlungen. /reminders schaltet sie ein.
stopped = Erledigt: Ab jetzt antworte ich Ihnen nur noch und sende von mir aus nichts (keine Erinnerungen). /reminders schaltet die Erinnerungen wieder ein.
reminder = Sie haben <b>{ $title }</b> noch nicht bezahlt. Der Artikel ist weiterhin für { $price } zu haben: Ein Tipp genügt für eine neue Rechnung.

## Pre-checkout: why a payment is refused (Telegram shows it to the customer).

refusal-invalid-invoice = Diese Rechnung ist nicht mehr gültig. Öffnen Sie /shop und tippen Sie erneut auf „Kaufen“.
refusal-wrong-currency = Dieser Shop akzeptiert nur Telegram Stars.
refusal-wrong-amount = Der Betrag stimmt nicht mit dem Preis überein. Tippen Sie erneut auf „Kaufen“.
refusal-not-your-invoice = Diese Rechnung wurde für jemand anderen erstellt. Öffnen Sie /shop und tippen Sie auf „Kaufen“.
refusal-unknown-product = Dieses Produkt gibt es nicht mehr.
refusal-not-on-sale = Dieses Produkt wird nicht mehr verkauft.
refusal-price-changed = Der Preis hat sich geändert, tippen Sie erneut auf „Kaufen“.
refusal-limit-reached = Sie haben das Limit von { $limit } pro Kunde für dieses Produkt erreicht.
refusal-sold-out = Ausverkauft. Schauen Sie später unter /shop wieder vorbei.
refusal-already-paid = Diese Rechnung ist bereits bezahlt. Siehe /purchases.
refusal-being-paid = Diese Rechnung wird bereits bezahlt. Falls diese Zahlung nicht durchgegangen ist, tippen Sie auf „Kaufen“, um eine neue Rechnung zu erhalten.
refusal-subscribed = Sie haben diesen Tarif bereits abonniert. Siehe /subscriptions.
refusal-credit-changed = Ihr Guthaben hat sich geändert, seit diese Rechnung erstellt wurde. Tippen Sie erneut auf „Kaufen“.
refusal-expired = Diese Rechnung ist abgelaufen, tippen Sie auf „Kaufen“, um eine neue zu erhalten.
has-access = Sie haben bereits Zugang zu { $channel }: Es gibt nichts zu bezahlen. Einladungslink verloren? Unter /purchases erhalten Sie einen neuen.
blocked = Mit diesem Konto kann in diesem Shop leider nicht eingekauft werden. Wenden Sie sich an /paysupport, falls Sie das für einen Fehler halten.
limit-attempts = Zu viele Zahlungsversuche innerhalb einer Minute. Bitte warten Sie einen Moment und tippen Sie dann erneut auf „Bezahlen“.
limit-per-hour = Dieser Shop erlaubt pro Kunde höchstens { $n } pro Stunde. Bitte versuchen Sie es später erneut.
limit-first-day = Neue Kunden können an ihrem ersten Tag hier bis zu { $stars } ausgeben. Bitte versuchen Sie es morgen erneut.
limit-per-day = Mit diesem Kauf würden Sie das Limit dieses Shops von { $stars } innerhalb von 24 Stunden überschreiten. Bitte versuchen Sie es morgen erneut.
limit-purchases =
    { $n ->
        [one] { $n } Kauf
       *[other] { $n } Käufe
    }

## Tips.

tip-button = Uns unterstützen
tip-other = Anderer Betrag
tip-menu =
    <b>Uns unterstützen</b>
    Ein Trinkgeld in Stars hilft diesem Shop. Wählen Sie einen Betrag oder tippen Sie auf „Anderer Betrag“ und geben Sie Ihren eigenen ein.
tip-ask = Wie viele Stars möchten Sie geben? Geben Sie eine Zahl von 1 bis 10.000 ein.
tip-wrong = Geben Sie eine ganze Zahl an Stars von 1 bis 10.000 ein, zum Beispiel 25.
tip-title = Uns unterstützen
tip-description = Ein Trinkgeld von { $stars } für den Shop. Vielen Dank!
tips-off = Dieser Shop nimmt derzeit kein Trinkgeld an. Was es hier zu kaufen gibt, sehen Sie unter /shop.

## After a purchase.

buy-again = Erneut kaufen
share = Teilen
buy-again-title = Erneut kaufen: { $title }
also-bought = Kunden kauften auch: { $title } · { $price }
goods-text =
    Hier ist Ihr Kauf <b>{ $title }</b>:

    { $content }
goods-code =
    Ihr Code für <b>{ $title }</b>:

    <code>{ $code }</code>
goods-codes =
    { $n ->
        [one] Ihr Code
       *[other] Ihre { $n } Codes
    } für <b>{ $title }</b>:

    { $codes }
goods-file = Ihre Datei: <b>{ $title }</b>
receipt-head =
    <b>Beleg</b> · Bezahlt · Bestellung #{ $id }
    Produkt: { $title }
    Bezahlt: { $price }
receipt-tail = Ihre Käufe finden Sie jederzeit unter /purchases. Fragen zu dieser Zahlung: /paysupport
receipt-promo = Aktionscode { $code }: −{ $off }
receipt-credit = Verwendetes Guthaben: { $credit }
undelivered-out-of-stock = das Produkt war während Ihrer Zahlung ausverkauft
undelivered-limit = Sie hatten das Limit pro Kunde dafür bereits erreicht
undelivered-already-paid = diese Rechnung war bereits bezahlt
undelivered-unknown = das Produkt ist nicht mehr im Shop
undelivered-has-access = Sie hatten bereits Zugang zu seinem Kanal
undelivered-other = es kann in dieser Form nicht über Telegram gesendet werden; der Shop wurde informiert
apology = Es tut uns leid: <b>{ $title }</b> konnte nicht geliefert werden ({ $why }). Ihre { $price } wurden vollständig erstattet. Bestellung #{ $id }. Was verfügbar ist, sehen Sie unter /shop.
refunded = Bestellung #{ $id } ({ $title }) wurde erstattet: { $price } sind wieder auf Ihrem Stars-Guthaben.
purchases-none = Sie haben noch keine Käufe. Öffnen Sie /shop, um den Katalog zu sehen.
purchases-title = <b>Ihre Käufe</b>
purchases-refunded = erstattet
purchases-delivering = wird geliefert
purchases-tap = Tippen Sie auf eine Bestellung, um sie erneut zu erhalten.
again-button = #{ $id } erneut erhalten: { $title }
invite-button = Neuer Einladungslink #{ $id }: { $title }
channel-receipt-tail =
    Der Zugang zu <b>{ $channel }</b> gehört Ihnen dauerhaft. Über die Schaltfläche unten kann genau eine Person beitreten, nämlich Sie: Ein weitergeleiteter Link funktioniert für niemanden sonst und läuft in { $hours ->
        [one] einer Stunde
       *[other] { $hours } Stunden
    } ab. Verloren? Unter /purchases erhalten Sie einen neuen. Fragen zu dieser Zahlung: /paysupport
channel-new-invite = Hier ist ein neuer Einladungslink zu <b>{ $channel }</b> (der alte funktioniert nicht mehr). Er gilt für genau eine Person: Sie.
channel-access-ended = Bestellung #{ $id } wurde erstattet, daher ist Ihr Zugang zu <b>{ $channel }</b> beendet.
not-yours = Diese Bestellung gehört nicht zu Ihren Käufen.
refunded-no-goods = Diese Bestellung wurde erstattet, daher gibt es nichts zu liefern.
try-later = Bei uns ist etwas schiefgelaufen. Bitte versuchen Sie es in einer Minute erneut.
too-fast = Zu viele Nachrichten, bitte warten Sie einen Moment.
nothing-to-cancel = Es gibt nichts abzubrechen.

## Refund requests and support.

ask-refund-button = Rückerstattung für #{ $id } anfordern
ask-refund-reason =
    Bestellung #{ $id } · { $title } · { $price }

    Teilen Sie uns in einer Nachricht mit, warum Sie eine Rückerstattung möchten (höchstens 500 Zeichen). Senden Sie /cancel, um die Bestellung zu behalten.
request-received = Ihr Antrag auf Rückerstattung #{ $request } für Bestellung #{ $id } ist eingegangen. Ein Mitarbeiter entscheidet darüber, und Sie erhalten die Antwort hier, meist innerhalb von 24 Stunden.
request-approved = Ihr Antrag auf Rückerstattung #{ $request } wurde genehmigt: { $price } für Bestellung #{ $id } ({ $title }) sind wieder auf Ihrem Stars-Guthaben.
request-declined =
    Ihr Antrag auf Rückerstattung #{ $request } für Bestellung #{ $id } wurde abgelehnt:

    { $message }

    Antworten Sie hier, wenn Sie eine Frage haben.
support-ack = Danke, Ihre Nachricht ist bei uns angekommen: Ein Mitarbeiter antwortet Ihnen hier, meist innerhalb von 24 Stunden.
refund-cancelled = In Ordnung, die Bestellung bleibt, wie sie ist.
refund-how-to =
    Rückerstattungen: Öffnen Sie /purchases und tippen Sie unter der Bestellung auf „Rückerstattung anfordern“, innerhalb von { $days ->
        [one] einem Tag
       *[other] { $days } Tagen
    } nach der Zahlung.
    Eine genehmigte Rückerstattung bringt den gesamten Betrag auf Ihr Stars-Guthaben zurück.
request-already-refunded = Diese Bestellung wurde bereits erstattet: Die Stars sind auf Ihrem Stars-Guthaben.
request-empty = Bitte beschreiben Sie den Grund in Worten.
request-too-long = Das ist länger als { $max } Zeichen. Bitte senden Sie eine kürzere Begründung.

## Subscription plans.

plan-not-on-sale = Dieser Tarif wird nicht mehr angeboten. Das aktuelle Angebot: /shop
subscription-over = Dieses Abonnement ist beendet. Schließen Sie es unter /shop erneut ab, um wieder Zugang zu erhalten.
resume-button = Abonnement fortsetzen
subscribe-again-button = Erneut abonnieren
no-subscriptions = Sie haben keine Abonnements. Die angebotenen Tarife finden Sie unter /shop.
join-button = { $channel } beitreten
subscribe-button = Abonnieren · { $price } / 30 Tage
plan-card =
    <b>{ $title }</b>
    { $description }

    { $price } alle 30 Tage, von Telegram automatisch verlängert, bis Sie kündigen.
plan-card-access = Enthält Zugang zu: { $channels }.
plan-card-cancel = Jederzeit unter /subscriptions kündbar; der Zugang bleibt bis zum Ende des bezahlten Zeitraums bestehen.
subscription-receipt =
    <b>Beleg</b>
    Bestellung: #{ $id }
    Abonnement: { $plan }
    Bezahlt: { $price }
    Bezahlt bis: { $until }

    Über jede Schaltfläche unten kann genau eine Person beitreten, nämlich Sie: Ein weitergeleiteter Link funktioniert für niemanden sonst. Verloren? Unter /subscriptions erhalten Sie einen neuen.
subscription-renewed =
    <b>Verlängert</b>: { $plan } · { $price } · Bestellung #{ $id }
    Bezahlt bis: { $until }
subscription-reminder =
    { $days ->
        [one] Ihr Abonnement <b>{ $plan }</b> endet morgen, am { $until }: Sie haben es gekündigt, daher wird es nicht verlängert. Setzen Sie es fort, um Ihren Zugang zu behalten.
       *[other] Ihr Abonnement <b>{ $plan }</b> endet in { $days } Tagen, am { $until }: Sie haben es gekündigt, daher wird es nicht verlängert. Setzen Sie es fort, um Ihren Zugang zu behalten.
    }
subscription-ended-refunded = Ihr Abonnement <b>{ $plan }</b> ist beendet: Die Zahlung wurde erstattet, daher wurde Ihr Zugang entfernt. Sie können jederzeit erneut abonnieren.
subscription-ended = Ihr Abonnement <b>{ $plan }</b> ist beendet und Ihr Zugang wurde entfernt. Sie können jederzeit erneut abonnieren.
access-back = Ihr Zugang zu <b>{ $plan }</b> ist wieder aktiv, bis zum { $until }. Tippen Sie auf die Schaltfläche unten, um erneut beizutreten.
subscription-renews = verlängert sich am { $until }
subscription-cancelled-until = gekündigt, Zugang bis zum { $until }
subscription-refunded-until = erstattet, Zugang bis zum { $until }
subscription-ended-state = beendet
subscription-cancelled = Verlängerung von <b>{ $plan }</b> gekündigt: Es wird nichts mehr abgebucht. Ihr Zugang besteht bis zum { $until }.
subscription-resumed = <b>{ $plan }</b> wird am { $until } wieder verlängert.
not-yours-subscription = Dieses Abonnement gehört nicht Ihnen. Siehe /subscriptions.
new-invites = Hier ist ein neuer Einladungslink (der alte funktioniert nicht mehr). Er gilt für genau eine Person: Sie.
cancel-renewal-button = Verlängerung #{ $id } kündigen
resume-id-button = #{ $id } fortsetzen
new-invite-id-button = Neuer Einladungslink #{ $id }

## Promo codes and store credit.

card-promo-price = Preis: <s>{ $list }</s> <b>{ $price }</b> mit Code <b>{ $code }</b>
card-credit = Ihr Guthaben: −{ $credit } → Sie zahlen <b>{ $to_pay }</b>
plan-promo = Mit Code <b>{ $code }</b>: <s>{ $list }</s> <b>{ $price }</b> alle 30 Tage, auch bei jeder Verlängerung.
have-promo-button = Aktionscode einlösen
drop-promo-button = Aktionscode entfernen
ask-promo = Senden Sie Ihren Aktionscode als nächste Nachricht (zum Beispiel <code>WELCOME10</code>).
promo-how = Senden Sie <code>/promo CODE</code> mit Ihrem Code, um ihn bei Ihrem nächsten Kauf zu nutzen.
promo-applied = Aktionscode <b>{ $code }</b> eingelöst: { $words }. Die Preise unter /shop zeigen ihn bereits; er wird beim Bezahlen angewendet.
promo-dropped = Aktionscode <b>{ $code }</b> entfernt: Es gelten wieder die normalen Preise.
promo-current = Sie nutzen den Aktionscode <b>{ $code }</b> ({ $words }).
paid-with-credit = Bestellung #{ $id } wurde mit Ihrem Guthaben bezahlt: Es wurden keine Stars abgebucht.
promo-percent-off = { $percent } % Rabatt
promo-stars-off = { $stars } Rabatt
promo-unknown = Den Aktionscode { $code } gibt es nicht. Bitte prüfen Sie die Schreibweise und versuchen Sie es erneut.
promo-inactive = Der Aktionscode { $code } ist nicht mehr gültig.
promo-not-yet = Der Aktionscode { $code } gilt ab dem { $day } (UTC).
promo-expired = Der Aktionscode { $code } ist am { $day } (UTC) abgelaufen.
promo-used-up = Der Aktionscode { $code } ist bereits aufgebraucht.
promo-used-by-you = Sie haben den Aktionscode { $code } bereits verwendet.
promo-first-only = Der Aktionscode { $code } gilt nur für den ersten Kauf.
promo-not-for-item = Der Aktionscode { $code } gilt nicht für diesen Artikel.

## Referrals.

referrals-head =
    <b>Freunde einladen, Guthaben verdienen</b>

    Ihr Link:
    { $link }

    Eingeladen: <b>{ $invited }</b> (davon gekauft: { $buyers })
    Provision ausstehend: <b>{ $pending }</b>
    Verfügbar: <b>{ $available }</b>
    Ausgezahlt: <b>{ $paid }</b>
referrals-negative = (Unter null: Ein erstatteter Kauf hat eine bereits ausgezahlte Provision zurückgenommen; neue Provisionen gleichen das zuerst aus.)
referrals-credit = Verfügbares Guthaben: <b>{ $credit }</b> (wird von Ihren nächsten Käufen abgezogen)
referrals-how =
    <b>So funktioniert es</b>
    • Öffnet jemand Neues den Bot über Ihren Link, wird diese Person Ihnen zugeordnet. Es zählt der erste verwendete Link; Personen, die den Bot schon vorher genutzt haben, und Ihr eigener Link zählen nicht.
    • Sie erhalten { $percent } % dessen, was diese Person bezahlt (für manche Artikel kann ein eigener Satz gelten), { $months ->
        [one] einen Monat
       *[other] { $months } Monate
    } lang.
    • Eine Provision ist { $days ->
        [one] einen Tag
       *[other] { $days } Tage
    } lang ausstehend und danach verfügbar. Bei einem erstatteten Kauf wird seine Provision zurückgenommen.
    • Der Shop zahlt als Guthaben für Ihre Käufe hier aus oder auf einem anderen Weg, den er Ihnen mitteilt.
referrals-none = Der Shop zahlt derzeit keine Provision; Ihr Link bringt Ihre Freunde trotzdem hierher.
share-link-button = Link teilen
share-text = Schon gesehen? Dieser Shop auf Telegram:
referred-welcome = Willkommen! Sie sind über die Einladung von { $name } hier.
friend-joined-paid = { $name } ist über Ihren Einladungslink beigetreten. Sie erhalten { $months ->
        [one] einen Monat
       *[other] { $months } Monate
    } lang { $percent } % der Zahlungen dieser Person: siehe /referrals.
friend-joined = { $name } ist über Ihren Einladungslink beigetreten.
own-link = Das ist Ihr eigener Einladungslink: Teilen Sie ihn mit Freunden. Ihre Zahlen finden Sie unter /referrals.

## Dates as customers read them.

month-short = { $month ->
        [1] Jan.
        [2] Feb.
        [3] März
        [4] Apr.
        [5] Mai
        [6] Juni
        [7] Juli
        [8] Aug.
        [9] Sept.
        [10] Okt.
        [11] Nov.
       *[12] Dez.
    }
day = { $d }. { $month } { $year }

## Buttons.

back-to-catalog = « Katalog
someone = Jemand
subscriptions-title = <b>Ihre Abonnements</b>
refusal-blocked = Leider werden Käufe von diesem Konto nicht angenommen. Wenn Sie das für einen Fehler halten, schreiben Sie an /paysupport.
refusal-promo = { $why } Tippen Sie erneut auf Kaufen für den vollen Preis.
request-outside-window =
    { $days ->
        [one] Eine Rückerstattung kann innerhalb von einem Tag nach der Zahlung beantragt werden, und diese Bestellung ist älter. Wenn etwas damit nicht stimmt, schreiben Sie hier, und ein Mensch antwortet Ihnen.
       *[other] Eine Rückerstattung kann innerhalb von { $days } Tagen nach der Zahlung beantragt werden, und diese Bestellung ist älter. Wenn etwas damit nicht stimmt, schreiben Sie hier, und ein Mensch antwortet Ihnen.
    }
request-already-open = Sie haben für diese Bestellung bereits eine Rückerstattung beantragt (Anfrage #{ $request }). Wir antworten Ihnen hier.
