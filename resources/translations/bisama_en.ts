<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AccountPaymentScreen</name>
    <message>
        <location filename="../../terminal/ui/account_payment_screen.py" line="33"/>
        <source>Find customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/account_payment_screen.py" line="34"/>
        <source>Type part of the name, phone number or TIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/account_payment_screen.py" line="37"/>
        <source>Name, phone or TIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/account_payment_screen.py" line="41"/>
        <location filename="../../terminal/ui/account_payment_screen.py" line="42"/>
        <source>Customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/account_payment_screen.py" line="58"/>
        <source>Choose the customer who is paying.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/account_payment_screen.py" line="62"/>
        <source>Owes the shop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/account_payment_screen.py" line="64"/>
        <source>Balance owed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/account_payment_screen.py" line="75"/>
        <source>Esc  Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/account_payment_screen.py" line="77"/>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/account_payment_screen.py" line="83"/>
        <source>F12  Take payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/account_payment_screen.py" line="86"/>
        <source>Take payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/account_payment_screen.py" line="94"/>
        <source>Account payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/account_payment_screen.py" line="108"/>
        <source>owes {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/account_payment_screen.py" line="110"/>
        <source>owes nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/account_payment_screen.py" line="155"/>
        <source>Choose the customer first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/account_payment_screen.py" line="168"/>
        <source>Payment {0}: {1} received.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/account_payment_screen.py" line="172"/>
        <source>Give change {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/account_payment_screen.py" line="173"/>
        <source>Still owed {0}. The receipt is printing.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../../terminal/ui/approval.py" line="51"/>
        <source>Manager approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/approval.py" line="53"/>
        <source>Approve (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/approval.py" line="60"/>
        <source>Approving manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/approval.py" line="64"/>
        <source>Manager&apos;s PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/approval.py" line="68"/>
        <location filename="../../terminal/ui/approval.py" line="72"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/approval.py" line="69"/>
        <source>optional, e.g. loyal customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/approval.py" line="70"/>
        <source>Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/approval.py" line="71"/>
        <source>PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/approval.py" line="75"/>
        <source>No user on this till may approve this. Ask head office.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CartModel</name>
    <message>
        <location filename="../../terminal/ui/cart_model.py" line="30"/>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/cart_model.py" line="31"/>
        <source>Qty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/cart_model.py" line="32"/>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/cart_model.py" line="33"/>
        <source>Disc.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/cart_model.py" line="34"/>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/cart_model.py" line="104"/>
        <source>Tax code {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/cart_model.py" line="109"/>
        <source>Price changed by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/cart_model.py" line="151"/>
        <source>  (by weight)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CountScreen</name>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="54"/>
        <source> (note or coin)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="82"/>
        <source>Notes and coins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="83"/>
        <source>How many</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="85"/>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="93"/>
        <source>Number of {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="114"/>
        <location filename="../../terminal/ui/count_screen.py" line="115"/>
        <location filename="../../terminal/ui/count_screen.py" line="161"/>
        <source>Counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="117"/>
        <source>The drawer should hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="121"/>
        <location filename="../../terminal/ui/count_screen.py" line="253"/>
        <source>Over / short</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="130"/>
        <source>Esc  Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="132"/>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="138"/>
        <source>F12  Close shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="141"/>
        <location filename="../../terminal/ui/count_screen.py" line="192"/>
        <source>Close shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="155"/>
        <source>Shift closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="164"/>
        <source>Expected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="168"/>
        <source>Over or short</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="173"/>
        <source>Reprint Z report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="176"/>
        <source>Sign out (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="179"/>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="234"/>
        <source>Blind count: the expected amount is not shown. Count carefully.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="249"/>
        <source>Short</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="251"/>
        <source>Over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="302"/>
        <source>Close the shift with {0} counted? The Z report prints and the shift cannot be reopened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="310"/>
        <location filename="../../terminal/ui/count_screen.py" line="312"/>
        <source>Close the shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="313"/>
        <source>Keep counting (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="333"/>
        <source>Z report {0} is printing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="339"/>
        <source>Short by {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="341"/>
        <source>Over by {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="343"/>
        <source>{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="348"/>
        <source>Exact — no variance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="354"/>
        <source>Blind count: the manager sees the variance on the Z report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="374"/>
        <source>A copy of the Z report {0} is printing.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomerDialog</name>
    <message>
        <location filename="../../terminal/ui/customer_dialog.py" line="36"/>
        <source>TIN {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_dialog.py" line="39"/>
        <source>owes {0} of {1} limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_dialog.py" line="51"/>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_dialog.py" line="52"/>
        <source>Search by name, phone or TIN. Enter chooses; a walk-in customer needs none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_dialog.py" line="56"/>
        <source>Choose (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_dialog.py" line="66"/>
        <source>Search customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_dialog.py" line="67"/>
        <source>name, phone or TIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_dialog.py" line="69"/>
        <source>Customers found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_dialog.py" line="76"/>
        <source>Walk-in customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_dialog.py" line="81"/>
        <source>New customer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_dialog.py" line="90"/>
        <source>Customer name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_dialog.py" line="91"/>
        <location filename="../../terminal/ui/customer_dialog.py" line="102"/>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_dialog.py" line="93"/>
        <location filename="../../terminal/ui/customer_dialog.py" line="103"/>
        <source>TIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_dialog.py" line="94"/>
        <source>business customers: e.g. C0012345678</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_dialog.py" line="95"/>
        <location filename="../../terminal/ui/customer_dialog.py" line="104"/>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_dialog.py" line="97"/>
        <location filename="../../terminal/ui/customer_dialog.py" line="105"/>
        <source>Price list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_dialog.py" line="101"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_dialog.py" line="137"/>
        <source>Register and choose (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_dialog.py" line="156"/>
        <source>No customer chosen. Search, or press “New customer…”.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomerWindow</name>
    <message>
        <location filename="../../terminal/ui/customer_window.py" line="36"/>
        <source>Customer display</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_window.py" line="37"/>
        <source>Bisama POS — customer display</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_window.py" line="84"/>
        <source>Akwaaba! Welcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_window.py" line="90"/>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_window.py" line="95"/>
        <location filename="../../terminal/ui/customer_window.py" line="108"/>
        <source>Total to pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_window.py" line="99"/>
        <source>Paid {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_window.py" line="100"/>
        <source>Your change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_window.py" line="102"/>
        <location filename="../../terminal/ui/customer_window.py" line="114"/>
        <source>Thank you! Please come again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_window.py" line="110"/>
        <source>Pay with MoMo to {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemoWindows</name>
    <message>
        <location filename="../../terminal/ui/demo.py" line="116"/>
        <source>Head office ↗</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/demo.py" line="118"/>
        <source>Open the head-office dashboard in the browser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/demo.py" line="122"/>
        <source>{0} — sign in as {1}, password {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/demo.py" line="130"/>
        <source>Demo — scan or type a barcode (e.g. 6030010001371), F12 to pay, Enter for exact cash.
Cashier {0}: PIN {1} · manager {2}: PIN {3}
Dashboard {4} — {5} / {6}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnrollDialog</name>
    <message>
        <location filename="../../terminal/ui/enroll.py" line="33"/>
        <source>Enroll with head office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/enroll.py" line="34"/>
        <source>Type the server address and the one-time enrollment code your administrator gave you. The till makes its own signing key; the code works once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/enroll.py" line="39"/>
        <source>Enroll (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/enroll.py" line="42"/>
        <location filename="../../terminal/ui/enroll.py" line="46"/>
        <source>Server address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/enroll.py" line="44"/>
        <location filename="../../terminal/ui/enroll.py" line="47"/>
        <source>Enrollment code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/enroll.py" line="57"/>
        <source>The server address starts with https:// (or http:// on the shop&apos;s own network).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/enroll.py" line="63"/>
        <source>Type the enrollment code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/enroll.py" line="66"/>
        <source>Enrolling… this needs the internet for a few seconds.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExchangeScreen</name>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="63"/>
        <source>Receipt number or code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="64"/>
        <source>Type the receipt number, or scan the receipt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="67"/>
        <source>Receipt of the goods brought back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="72"/>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="80"/>
        <source>Find the receipt of the goods brought back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="87"/>
        <source>Lines of the sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="91"/>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="92"/>
        <source>Can return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="93"/>
        <source>Bring back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="94"/>
        <source>Damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="107"/>
        <source>Reason for the return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="110"/>
        <source>Why is it brought back? (or tap a reason)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="125"/>
        <source>F5  Bring back all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="127"/>
        <source>Bring back all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="136"/>
        <source>The exchange</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="141"/>
        <source>New goods</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="314"/>
        <source>Goods back (about)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="148"/>
        <location filename="../../terminal/ui/exchange_screen.py" line="151"/>
        <source>Difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="142"/>
        <location filename="../../terminal/ui/exchange_screen.py" line="144"/>
        <location filename="../../terminal/ui/exchange_screen.py" line="312"/>
        <source>Goods back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="153"/>
        <source>Paid with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="160"/>
        <source>Esc  Back to the cart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="162"/>
        <source>Back to the cart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="168"/>
        <source>F12  Exchange</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="171"/>
        <location filename="../../terminal/ui/exchange_screen.py" line="179"/>
        <source>Exchange</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="186"/>
        <source>Ring up the new goods on the sale screen first (Esc), then come back here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="230"/>
        <source>Receipt {0} of {1} — {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="252"/>
        <source>Damaged, not back on the shelf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="306"/>
        <source>Lines in the cart: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="308"/>
        <location filename="../../terminal/ui/exchange_screen.py" line="339"/>
        <source>The cart is empty: ring up the new goods first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="320"/>
        <source>The customer pays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="325"/>
        <source>Give back in cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="335"/>
        <source>Find the receipt of the goods brought back first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="343"/>
        <source>Set how many come back on at least one line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="347"/>
        <source>Say why the goods are brought back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="378"/>
        <source>Exchange done: return {0} ({1}) and sale {2} ({3}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="382"/>
        <source>Give the customer {0} in cash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/exchange_screen.py" line="385"/>
        <source>The receipts are printing.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRunScreen</name>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="39"/>
        <source>Welcome to Bisama POS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="42"/>
        <source>This till has no users yet. Connect it to head office, or set it up to work on its own (it can be enrolled later; nothing it sells is lost).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="58"/>
        <source>Enroll with head office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="61"/>
        <source>Your administrator gives you the server address and a one-time code. The catalogue, prices and users then come from head office.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="72"/>
        <source>Enroll with a server code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="83"/>
        <source>Set up this till on its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="88"/>
        <location filename="../../terminal/ui/first_run.py" line="108"/>
        <source>Shop name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="93"/>
        <source>Shop address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="98"/>
        <source>Shop phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="101"/>
        <source>Shop&apos;s TIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="105"/>
        <source>Catalogue CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="107"/>
        <source>Users CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="109"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="110"/>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="111"/>
        <source>TIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="114"/>
        <source>Use the sample catalogue and users (training)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="120"/>
        <location filename="../../terminal/ui/first_run.py" line="123"/>
        <source>Set up this till</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="132"/>
        <source>path to the .csv file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="137"/>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="147"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="154"/>
        <source>First start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="176"/>
        <source>catalogue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="177"/>
        <source>users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="182"/>
        <source>There is no {0} file {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="188"/>
        <source>Choose the users file: without users nobody can sign in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="202"/>
        <source>Importing… a large catalogue takes a few seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="215"/>
        <source>Imported {0} products and {1} users. Some rows were left out:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="222"/>
        <source>Imported {0} products and {1} users.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../../terminal/ui/dialogs.py" line="84"/>
        <source>Cancel (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/dialogs.py" line="86"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/dialogs.py" line="90"/>
        <source>OK (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/dialogs.py" line="93"/>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/dialogs.py" line="179"/>
        <source>To go ahead press Tab to “{0}” and then Enter; Enter or Esc keeps things as they were.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeysDialog</name>
    <message>
        <location filename="../../terminal/ui/help_dialog.py" line="18"/>
        <source>Keys — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/help_dialog.py" line="20"/>
        <source>Close (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/help_dialog.py" line="25"/>
        <source>Keyboard map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/help_dialog.py" line="27"/>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/help_dialog.py" line="27"/>
        <source>What it does</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LineDialogs</name>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="37"/>
        <source>Type the weight in kg, e.g. 1.250</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="39"/>
        <source>Type the quantity, e.g. 3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="43"/>
        <source>The quantity must be more than zero. To take a line off, remove it (Del).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="54"/>
        <location filename="../../terminal/ui/line_dialogs.py" line="79"/>
        <location filename="../../terminal/ui/line_dialogs.py" line="85"/>
        <source>Weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="54"/>
        <location filename="../../terminal/ui/line_dialogs.py" line="61"/>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="61"/>
        <source>Weight (kg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="80"/>
        <source>{0} is sold by weight. Put it on the scale and type the weight in {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="88"/>
        <source>Weight ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="105"/>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="106"/>
        <source>Sell {0} by the …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="123"/>
        <source>Choose a unit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="136"/>
        <source>the whole sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="140"/>
        <source>Discount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="141"/>
        <source>Discount on {0} ({1}). Type an amount or a percentage; your limit is {2} %.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="146"/>
        <source>Discount amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="147"/>
        <source>Discount percent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="150"/>
        <source>Amount (GH₵)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="151"/>
        <source>or percent (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="163"/>
        <source>Type the discount as an amount or a percentage (0 removes it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="168"/>
        <source>“{0}” is not a percentage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="170"/>
        <source>A percentage is between 0 and 100.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="194"/>
        <source>Change price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="195"/>
        <source>{0}: now {1} a {2}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="200"/>
        <source>New unit price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="201"/>
        <location filename="../../terminal/ui/line_dialogs.py" line="204"/>
        <location filename="../../terminal/ui/line_dialogs.py" line="345"/>
        <location filename="../../terminal/ui/line_dialogs.py" line="346"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="202"/>
        <source>e.g. dented tin, price tag says less</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="203"/>
        <source>New price (GH₵)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="210"/>
        <source>Type the new price.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="225"/>
        <source>Park this cart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="226"/>
        <source>The cart is kept until it is recalled (F9 with an empty cart), even by another cashier. Give it a name the customer will answer to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="231"/>
        <source>Park (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="234"/>
        <location filename="../../terminal/ui/line_dialogs.py" line="237"/>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="235"/>
        <source>e.g. lady in red, Kofi&apos;s order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="250"/>
        <source>Recall a parked cart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="251"/>
        <source>Choose the cart to bring back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="252"/>
        <source>Recall (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="255"/>
        <source>Parked carts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="259"/>
        <source>{0} — {1} line(s), {2} — parked {3} by {4}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="260"/>
        <source>(no label)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/line_dialogs.py" line="278"/>
        <source>Choose a cart.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../../terminal/ui/login_screen.py" line="50"/>
        <source>Who is signing in?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/login_screen.py" line="67"/>
        <source>Choose your name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/login_screen.py" line="73"/>
        <source>PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/login_screen.py" line="74"/>
        <source>Your 4 to 8 digit PIN, then Enter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/login_screen.py" line="90"/>
        <location filename="../../terminal/ui/login_screen.py" line="101"/>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/login_screen.py" line="109"/>
        <source>{0} — till {1}/{2} — {3} products</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/login_screen.py" line="156"/>
        <source>{0} ({1}): type your PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/login_screen.py" line="175"/>
        <source>Choose your name first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/login_screen.py" line="180"/>
        <source>Type your PIN.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../terminal/ui/main_window.py" line="71"/>
        <source>Bisama POS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/main_window.py" line="138"/>
        <source>Switch user (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/main_window.py" line="140"/>
        <source>Switch user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/main_window.py" line="145"/>
        <source>Manager (Ctrl+M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/main_window.py" line="147"/>
        <source>Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/main_window.py" line="277"/>
        <source>{0}&apos;s cart</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PayBox</name>
    <message>
        <location filename="../../terminal/ui/pay_box.py" line="31"/>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/pay_box.py" line="32"/>
        <source>MoMo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/pay_box.py" line="33"/>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/pay_box.py" line="63"/>
        <location filename="../../terminal/ui/pay_box.py" line="68"/>
        <location filename="../../terminal/ui/pay_box.py" line="91"/>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/pay_box.py" line="64"/>
        <source>Network or card type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/pay_box.py" line="66"/>
        <source>Reference or approval code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/pay_box.py" line="69"/>
        <source>Network / card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/pay_box.py" line="70"/>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/pay_box.py" line="81"/>
        <source>Choose: press 1, 2 or 3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/pay_box.py" line="91"/>
        <source>Cash handed over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/pay_box.py" line="102"/>
        <source>cash handed over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/pay_box.py" line="104"/>
        <source>amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/pay_box.py" line="112"/>
        <source>Choose the network: 1 MTN MoMo, 2 Telecel Cash or 3 AirtelTigo Money.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/pay_box.py" line="117"/>
        <source>Type the reference from the SMS or the card terminal.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaymentScreen</name>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="78"/>
        <source>Cash handed over {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="83"/>
        <source>{0} {1} — approval {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="86"/>
        <source>On account {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="103"/>
        <location filename="../../terminal/ui/payment_screen.py" line="104"/>
        <source>To pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="109"/>
        <source>Payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="110"/>
        <source>Payments entered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="115"/>
        <location filename="../../terminal/ui/payment_screen.py" line="118"/>
        <location filename="../../terminal/ui/payment_screen.py" line="373"/>
        <source>Still to pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="132"/>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="133"/>
        <source>MoMo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="134"/>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="135"/>
        <source>Credit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="160"/>
        <source>Esc  Back to cart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="162"/>
        <source>Back to cart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="167"/>
        <source>F12  Complete sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="170"/>
        <source>Complete sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="183"/>
        <location filename="../../terminal/ui/payment_screen.py" line="186"/>
        <source>Cash handed over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="184"/>
        <source>Enter = exact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="224"/>
        <location filename="../../terminal/ui/payment_screen.py" line="533"/>
        <source>MoMo amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="226"/>
        <source>MoMo transaction reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="229"/>
        <source>Transaction ID from the customer&apos;s SMS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="233"/>
        <location filename="../../terminal/ui/payment_screen.py" line="265"/>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="234"/>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="241"/>
        <source>Add MoMo payment (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="257"/>
        <source>Card amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="259"/>
        <source>Card approval code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="262"/>
        <source>Approval code on the card machine&apos;s slip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="266"/>
        <source>Approval code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="270"/>
        <source>Add card payment (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="288"/>
        <source>Amount on account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="291"/>
        <source>On account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="296"/>
        <source>F8 on cart: choose customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="303"/>
        <source>Add to account (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="315"/>
        <source>Payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="336"/>
        <source>Walk-in customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="338"/>
        <source>Credit needs a registered customer. Choose the customer first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="343"/>
        <source>{0} owes {1}. Credit limit {2}; available {3}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="376"/>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="385"/>
        <source>Exact {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="388"/>
        <source>Exact cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="403"/>
        <source>The customer display shows your MoMo number {0} with the amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="407"/>
        <source>Set the shop&apos;s MoMo number in Manager → Customer display to show it to customers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="455"/>
        <source>Type the cash the customer handed over.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="489"/>
        <source>Choose the network: press 1, 2 or 3 (on the buttons).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="494"/>
        <source>Network: {0} — reference like {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="513"/>
        <location filename="../../terminal/ui/payment_screen.py" line="525"/>
        <source>First choose the network: press 1 MTN MoMo, 2 Telecel Cash or 3 AirtelTigo Money.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="545"/>
        <source>card amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="555"/>
        <source>Credit needs a registered customer: press “choose customer”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="560"/>
        <source>amount on account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="577"/>
        <source>Type the mobile money reference from the SMS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="579"/>
        <source>Type the card machine&apos;s approval code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="584"/>
        <source>That is more than the {0} still to pay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="601"/>
        <source>{0} still to pay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="609"/>
        <source>Choose how the customer pays (Enter = exact cash).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="614"/>
        <source>{0} is still to pay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="697"/>
        <source>on account {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="698"/>
        <source>cash {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintQueueDialog</name>
    <message>
        <location filename="../../terminal/ui/print_queue_dialog.py" line="24"/>
        <source>Printer and print queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/print_queue_dialog.py" line="26"/>
        <source>Close (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/print_queue_dialog.py" line="35"/>
        <source>Waiting to print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/print_queue_dialog.py" line="44"/>
        <source>Retry now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/print_queue_dialog.py" line="52"/>
        <source>Skip the chosen one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/print_queue_dialog.py" line="62"/>
        <source>Receipt or report number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/print_queue_dialog.py" line="65"/>
        <source>Receipt number to reprint, e.g. MAIN-T01-000123</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/print_queue_dialog.py" line="69"/>
        <source>Reprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/print_queue_dialog.py" line="89"/>
        <source>No printer is set up on this till (Manager → Printer and drawer). Receipts wait here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/print_queue_dialog.py" line="96"/>
        <source>Printer set up: {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/print_queue_dialog.py" line="104"/>
        <source> (copy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/print_queue_dialog.py" line="120"/>
        <source>Trying again: {0} waiting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/print_queue_dialog.py" line="124"/>
        <source>Choose what to skip.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/print_queue_dialog.py" line="137"/>
        <source>Skipped. The sale is kept; reprint it later if the customer asks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/print_queue_dialog.py" line="144"/>
        <source>Type the receipt or report number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/print_queue_dialog.py" line="152"/>
        <source>A copy of {0} is printing.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterSetup</name>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="32"/>
        <source>Network (Ethernet / Wi-Fi)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="33"/>
        <source>USB (direct)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="34"/>
        <source>Serial / COM port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="35"/>
        <source>Windows printer (spooler)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="36"/>
        <source>Device file (/dev/usb/lp0, LPT1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="37"/>
        <source>CUPS queue (Linux)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="56"/>
        <source>Printer connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="62"/>
        <source>Printer address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="64"/>
        <source>Printer port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="67"/>
        <location filename="../../terminal/ui/printer_setup.py" line="112"/>
        <source>USB vendor id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="69"/>
        <location filename="../../terminal/ui/printer_setup.py" line="113"/>
        <source>USB product id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="72"/>
        <source>Port or device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="75"/>
        <location filename="../../terminal/ui/printer_setup.py" line="115"/>
        <source>Printer name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="77"/>
        <source>Printer model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="80"/>
        <location filename="../../terminal/ui/printer_setup.py" line="117"/>
        <source>Receipt width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="81"/>
        <source>80 mm (48 columns)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="82"/>
        <source>58 mm (32 columns)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="84"/>
        <source>Code on the receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="87"/>
        <source>QR code and barcode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="88"/>
        <source>QR code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="89"/>
        <source>Barcode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="90"/>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="93"/>
        <location filename="../../terminal/ui/printer_setup.py" line="119"/>
        <source>Cash drawer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="94"/>
        <source>Drawer on pin 2 (most drawers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="95"/>
        <source>Drawer on pin 5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="96"/>
        <source>No cash drawer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="98"/>
        <source>Scanner speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="104"/>
        <location filename="../../terminal/ui/printer_setup.py" line="121"/>
        <source>Serial scanner port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="105"/>
        <source>(none: USB scanner)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="109"/>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="110"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="111"/>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="114"/>
        <source>Port / device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="116"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="118"/>
        <source>Code on receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="120"/>
        <source>Scanner: max ms between characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="131"/>
        <source>Save printer set-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="138"/>
        <source>Test print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="142"/>
        <source>Open the drawer (test)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="201"/>
        <source>No printer is set up: receipts wait in the print queue until one is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="206"/>
        <source>Printer now: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="209"/>
        <source>Printer set up: {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="250"/>
        <source>Saved to {0}. The printer restarts with the new set-up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="257"/>
        <source>Save the printer set-up first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="269"/>
        <source>The test page is on its way. Every line must be straight and complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="280"/>
        <source>Save the printer set-up first: the drawer opens through the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="289"/>
        <source>The drawer pulse was sent. Did the drawer open?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="292"/>
        <source>The drawer could not be opened: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="295"/>
        <source>the printer did not answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="316"/>
        <source>Show the customer display window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="318"/>
        <source>Customer display window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="321"/>
        <source>Monitor for the customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="324"/>
        <source>Shop&apos;s MoMo number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="327"/>
        <location filename="../../terminal/ui/printer_setup.py" line="348"/>
        <source>MoMo account name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="330"/>
        <source>Pole display (2 × 20 characters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="332"/>
        <source>Pole display</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="336"/>
        <location filename="../../terminal/ui/printer_setup.py" line="350"/>
        <source>Pole display port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="340"/>
        <source>Open the till full screen (from the next start)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="342"/>
        <source>Full screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="346"/>
        <source>Monitor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="347"/>
        <source>MoMo number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="354"/>
        <source>Save customer display</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/printer_setup.py" line="398"/>
        <source>Saved. The customer display shows the MoMo number when MoMo is chosen.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuickKeys</name>
    <message>
        <location filename="../../terminal/ui/quick_keys_dialog.py" line="68"/>
        <source>Quick keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/quick_keys_dialog.py" line="83"/>
        <source>Press the key&apos;s number (1–9), or move with the arrows and press Enter. PgUp/PgDn: another page. Esc: back to the sale.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/quick_keys_dialog.py" line="110"/>
        <location filename="../../terminal/ui/quick_keys_dialog.py" line="214"/>
        <source>Back to the sale (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/quick_keys_dialog.py" line="111"/>
        <source>Back to the sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/quick_keys_dialog.py" line="117"/>
        <source>Head office has set no quick keys yet (bisama-sync quick-keys set). Search by name with F2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/quick_keys_dialog.py" line="142"/>
        <source>no price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/quick_keys_dialog.py" line="183"/>
        <source>This page has {0} keys; there is no key {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/quick_keys_dialog.py" line="210"/>
        <source>Price check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/quick_keys_dialog.py" line="211"/>
        <source>Scan or type a barcode or SKU and press Enter. The cart is not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/quick_keys_dialog.py" line="212"/>
        <source>Look up (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/quick_keys_dialog.py" line="216"/>
        <location filename="../../terminal/ui/quick_keys_dialog.py" line="218"/>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/quick_keys_dialog.py" line="220"/>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/quick_keys_dialog.py" line="221"/>
        <source>Prices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/quick_keys_dialog.py" line="222"/>
        <source>Stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/quick_keys_dialog.py" line="235"/>
        <source>Scan or type a code first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/quick_keys_dialog.py" line="253"/>
        <source>No price is set for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/quick_keys_dialog.py" line="255"/>
        <source>{0}: {1} {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/quick_keys_dialog.py" line="258"/>
        <source>Here ({0}): {1} {2}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReceiptRoll</name>
    <message>
        <location filename="../../terminal/ui/training.py" line="33"/>
        <source>Printed receipts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/training.py" line="34"/>
        <source>Bisama POS — receipts (training printer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/training.py" line="37"/>
        <source>Receipts printed by the training printer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReturnsScreen</name>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="42"/>
        <source>damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="43"/>
        <source>wrong item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="44"/>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="45"/>
        <source>changed mind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="57"/>
        <source>Quantity to return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="61"/>
        <source>Weight to return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="100"/>
        <source>Receipt number or code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="101"/>
        <source>Type the receipt number, or scan the receipt&apos;s QR code or barcode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="104"/>
        <source>Receipt number, or scan the receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="109"/>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="113"/>
        <location filename="../../terminal/ui/returns_screen.py" line="115"/>
        <source>Sales of this shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="131"/>
        <source>Find a sale to return or void.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="139"/>
        <source>Lines of the sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="143"/>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="144"/>
        <source>Sold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="145"/>
        <source>Returned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="146"/>
        <source>Return now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="147"/>
        <source>Damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="158"/>
        <source>Reason for the return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="160"/>
        <source>Why is it returned? (or tap a reason)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="175"/>
        <source>Refund to original payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="181"/>
        <source>Refund in cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="191"/>
        <source>F5  Return all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="193"/>
        <source>Return all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="199"/>
        <source>F7  Void sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="202"/>
        <source>Void sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="208"/>
        <source>F6  Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="211"/>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="220"/>
        <source>Returns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="239"/>
        <source> — VOIDED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="242"/>
        <source> — returned {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="276"/>
        <source>VOIDED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="278"/>
        <source>completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="281"/>
        <source>Receipt {0} — {1} — {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="286"/>
        <source>walk-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="288"/>
        <source>Business date {0}; customer {1}; paid {2}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="306"/>
        <source>Damaged, do not put back on the shelf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="349"/>
        <location filename="../../terminal/ui/returns_screen.py" line="395"/>
        <source>Find the sale first: type the receipt number or scan the receipt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="356"/>
        <source>Set the quantity to return on at least one line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="362"/>
        <source>Say why the goods are returned (tap a reason or type it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="380"/>
        <source>Refund {0}: {1} ({2}). The refund slip is printing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="384"/>
        <source>Give the customer the cash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="405"/>
        <source>Void sale {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="406"/>
        <source>The whole sale of {0} is cancelled and its payment given back. Say why.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="414"/>
        <source>rang up twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="415"/>
        <source>customer left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="417"/>
        <source>Void the sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="419"/>
        <source>Keep the sale (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="429"/>
        <source>Sale {0} is voided ({1}). The void slip is printing.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SaleScreen</name>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="109"/>
        <source>Barcode or code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="110"/>
        <source>Scan, or type a barcode or SKU and press Enter; 3*CODE adds three.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="113"/>
        <source>Scan or type a code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="119"/>
        <source>Search by name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="120"/>
        <source>Type part of a name; results appear as you type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="122"/>
        <source>F2  Search by name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="133"/>
        <source>Cart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="143"/>
        <source>Search results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="156"/>
        <source>Ctrl+G  Quick keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="157"/>
        <source>Quick keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="158"/>
        <source>Ctrl+I  Price check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="159"/>
        <source>Price check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="190"/>
        <source>Sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="303"/>
        <source>Sale complete — receipt {0} is printing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="309"/>
        <source>Sale complete — the drawer opened; receipt {0} waits for the printer. {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="313"/>
        <source>Sale complete — receipt {0} waits for the printer. {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="335"/>
        <source>Receipt {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="340"/>
        <location filename="../../terminal/ui/sale_screen.py" line="499"/>
        <source>The cart is empty: scan an item first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="392"/>
        <source>Nothing in the catalogue matches “{0}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="482"/>
        <source>{0} is sold only by the {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="486"/>
        <source>{0} is now sold by the {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="519"/>
        <source>No cart is parked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="526"/>
        <source>The cart is parked. Recall it with F9 when the cart is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="532"/>
        <source>Nothing to pay yet: scan an item first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="540"/>
        <source>Removed {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="548"/>
        <source>The sale was cancelled; nothing was sold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="566"/>
        <source>Cancel this sale?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="567"/>
        <source>All {0} line(s) come off and nothing is sold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="570"/>
        <source>Cancel the sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="571"/>
        <source>Keep the sale (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="580"/>
        <source>No receipt has been printed on this till yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="587"/>
        <source>A copy of receipt {0} is printing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="593"/>
        <source>The drawer is opening (no sale, recorded).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="600"/>
        <source>Open the drawer (no sale)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="601"/>
        <source>Say why the drawer is opened; it is recorded with your name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="605"/>
        <source>change for a customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="606"/>
        <source>wrong change given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="608"/>
        <source>Open drawer (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchModel</name>
    <message>
        <location filename="../../terminal/ui/cart_model.py" line="115"/>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/cart_model.py" line="116"/>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/cart_model.py" line="117"/>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/cart_model.py" line="118"/>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/cart_model.py" line="119"/>
        <source>In stock</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="61"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="65"/>
        <source>Printer and drawer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="66"/>
        <source>Customer display</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="67"/>
        <source>Head office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="68"/>
        <source>Backups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="69"/>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="70"/>
        <source>About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="75"/>
        <source>Esc  Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="77"/>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="89"/>
        <source>Enroll with a server code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="102"/>
        <source>Verified backups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="106"/>
        <source>Take a backup now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="116"/>
        <source>Checks the database, every signature and the chain of transactions, that every journal balances, the audit log, stock and backups. It changes nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="124"/>
        <source>Check results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="129"/>
        <source>Run the check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="146"/>
        <source>Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="154"/>
        <source>Changing settings is for managers: sign in as a manager (Ctrl+L). You can run the check and read About.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="179"/>
        <source>Till {0}/{1} — terminal id {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="185"/>
        <source>Enrolled with head office (tenant {0}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="188"/>
        <source>Server: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="189"/>
        <source>set by the sync client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="193"/>
        <source>To move the till to another server, an administrator issues a new enrollment code there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="201"/>
        <source>Not enrolled: the till works on its own and keeps every transaction for head office.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="229"/>
        <source>Backups go to {0}; the newest {1} are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="233"/>
        <source>Warning: this is the same drive as the database. Set BISAMA_BACKUP_DIR to a second drive or a USB disk (see docs/install-windows.md).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="242"/>
        <source>{0} — up to transaction {1} — {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="249"/>
        <source>Taking a backup… selling can go on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="253"/>
        <source>Backup verified and saved: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="258"/>
        <source>The backup failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="264"/>
        <source>Checking… selling can go on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="269"/>
        <source>Transactions verified: {0}; journals: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="273"/>
        <source>PROBLEM: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="274"/>
        <source>Warning: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="276"/>
        <source>Check passed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="278"/>
        <source>Check FAILED: call support with this screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="285"/>
        <source>The check could not run: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="296"/>
        <source>Bisama POS till {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="297"/>
        <source>Shop: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="298"/>
        <source>Till {0}/{1}, terminal id {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="301"/>
        <source>Data folder: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="302"/>
        <source>Signing key: {0} ({1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="303"/>
        <source>Python {0}, Qt {1}, PySide6 {2}, {3}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="306"/>
        <source>Products: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="312"/>
        <source>Signed in: {0} ({1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="314"/>
        <source>Font: DejaVu Sans (Bitstream Vera licence).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShiftScreen</name>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="38"/>
        <source>Float top-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="39"/>
        <source>Cash from the bank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="42"/>
        <source>Paid out (expense)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="43"/>
        <source>Drop to bank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="44"/>
        <source>To the safe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="65"/>
        <location filename="../../terminal/ui/shift_screen.py" line="67"/>
        <source>Sales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="68"/>
        <source>Sales total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="69"/>
        <source>Discounts given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="70"/>
        <source>Refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="71"/>
        <source>Voids</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="75"/>
        <source>Tax</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="77"/>
        <source>Net of tax</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="83"/>
        <source>COVID-19 levy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="89"/>
        <source>By payment method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="93"/>
        <source>By cashier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="95"/>
        <source>{0} sales, {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="103"/>
        <source>Cash drawer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="105"/>
        <location filename="../../terminal/ui/shift_screen.py" line="192"/>
        <source>Opening float</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="106"/>
        <source>Cash sales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="107"/>
        <source>Cash refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="108"/>
        <location filename="../../terminal/ui/shift_screen.py" line="233"/>
        <location filename="../../terminal/ui/shift_screen.py" line="371"/>
        <source>Cash in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="109"/>
        <location filename="../../terminal/ui/shift_screen.py" line="234"/>
        <location filename="../../terminal/ui/shift_screen.py" line="371"/>
        <source>Cash out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="110"/>
        <source>Payments on account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="111"/>
        <source>Expected in drawer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="123"/>
        <source>Cash into the drawer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="125"/>
        <source>Cash out of the drawer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="128"/>
        <source>Count the cash you put in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="130"/>
        <source>Count the cash you take out; a slip prints for the envelope.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="145"/>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="146"/>
        <location filename="../../terminal/ui/shift_screen.py" line="149"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="147"/>
        <source>e.g. fuel for the generator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="148"/>
        <source>Amount (GH₵)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="155"/>
        <source>amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="183"/>
        <source>Open a shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="185"/>
        <source>Count the cash in the drawer (the float) and type it. The drawer opens and a slip prints.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="209"/>
        <source>Open shift (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="212"/>
        <source>Open shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="235"/>
        <source>No sale (open drawer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="236"/>
        <location filename="../../terminal/ui/shift_screen.py" line="261"/>
        <source>X report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="237"/>
        <source>Reprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="238"/>
        <source>Close shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="252"/>
        <source>Esc  Back to sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="254"/>
        <source>Back to sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="272"/>
        <source>Reprint (printed as COPY, never opens the drawer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="275"/>
        <source>Printed documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="281"/>
        <source>Reprint the chosen one (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="294"/>
        <source>Shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="311"/>
        <source>Shift {0} — {1}
opened {2} by {3}
float {4}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="357"/>
        <source>Shift {0} is open with a float of {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="370"/>
        <source>{0} {1} recorded; the slip is printing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="381"/>
        <source>The drawer is opening (no sale, recorded).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="388"/>
        <source>Open the drawer (no sale)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="389"/>
        <source>Say why the drawer is opened; it is recorded with your name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="394"/>
        <source>change for a customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="395"/>
        <source>Open drawer (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="403"/>
        <source>X report printed. The shift stays open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="428"/>
        <source>waiting to print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="429"/>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="446"/>
        <source>A copy of {0} is printing.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="34"/>
        <source>Standalone (not enrolled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="36"/>
        <source>● Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="38"/>
        <source>✖ Refused: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="39"/>
        <source>see Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="42"/>
        <source> · retry {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="46"/>
        <source>● Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="51"/>
        <source>All synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="52"/>
        <source>{0} to sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="59"/>
        <source> · {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="71"/>
        <source>No printer set up — {0} waiting to print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="72"/>
        <source>No printer set up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="78"/>
        <source>Printing {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="80"/>
        <source>Printer ready — paper low, have a new roll ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="81"/>
        <source>Printer ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="94"/>
        <source>Mains {0} %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="95"/>
        <source>Mains</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="97"/>
        <source>Battery {0} %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="100"/>
        <source> (~{0} min)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="116"/>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="119"/>
        <source>Waiting to sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="122"/>
        <source>Last sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="125"/>
        <source>Clock warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="128"/>
        <source>Printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="130"/>
        <source>Power</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="131"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="197"/>
        <source>{0} kept for head office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="204"/>
        <source>Never synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="208"/>
        <source>Synced {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="214"/>
        <source>behind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="216"/>
        <source>ahead of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="220"/>
        <source>⚠ Till clock {0} min {1} head office — fix the PC&apos;s date and time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="232"/>
        <source>Click for the print queue (Ctrl+P).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StockScreen</name>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="48"/>
        <source>Receive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="49"/>
        <source>Adjust</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="50"/>
        <source>Transfer out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="51"/>
        <source>Transfer in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="52"/>
        <source>Load van</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="53"/>
        <source>Van return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="54"/>
        <source>Van day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="70"/>
        <source>Cost each</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="71"/>
        <source>Arrived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="72"/>
        <source>Should be on van</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="75"/>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="76"/>
        <source>Change (− for a loss)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="77"/>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="78"/>
        <source>On the note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="79"/>
        <location filename="../../terminal/ui/stock_screen.py" line="115"/>
        <source>Loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="80"/>
        <source>Counted back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="83"/>
        <source>Goods from a supplier: the delivery note number, the supplier, then each product with the quantity and the cost of one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="88"/>
        <source>A change to stock with a reason: −2 for two broken bottles, 3 for three found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="91"/>
        <source>Stock sent to another branch. The slip carries the transfer number the other branch types in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="95"/>
        <source>A transfer that arrived: the number and sender from the delivery note, what the note says and what arrived.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="100"/>
        <source>Load the van from the store: each product and how many go on the van.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="103"/>
        <source>Unload the van: everything it should hold is listed; type what was counted back. What is missing is the variance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="108"/>
        <source>The van&apos;s day: loaded = sold + returned + variance, and sales = collected + outstanding.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="114"/>
        <location filename="../../terminal/ui/stock_screen.py" line="392"/>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="116"/>
        <source>Sold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="117"/>
        <source>Returned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="118"/>
        <source>Variance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="119"/>
        <source>On van</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="159"/>
        <location filename="../../terminal/ui/stock_screen.py" line="290"/>
        <source>Stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="188"/>
        <source>Delivery note no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="189"/>
        <source>Supplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="193"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="194"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="195"/>
        <source>Transfer no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="196"/>
        <source>Branch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="197"/>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="198"/>
        <source>Van</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="199"/>
        <source>Store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="203"/>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="213"/>
        <source>Product code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="214"/>
        <source>Scan or type the barcode or SKU, then Enter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="217"/>
        <source>Barcode or SKU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="219"/>
        <location filename="../../terminal/ui/stock_screen.py" line="220"/>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="229"/>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="230"/>
        <source>The unit the quantity is in; ↑/↓ in the quantity box change it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="237"/>
        <source>Add line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="239"/>
        <source>Remove line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="242"/>
        <source>Products</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="254"/>
        <source>Esc  Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="256"/>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="262"/>
        <location filename="../../terminal/ui/stock_screen.py" line="349"/>
        <source>F12  Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="265"/>
        <location filename="../../terminal/ui/stock_screen.py" line="352"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="347"/>
        <source>F12  Print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="352"/>
        <source>Print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="391"/>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="436"/>
        <source>Type the quantity (in {0}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="446"/>
        <source>{0} {1} of {2} = {3} {4}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="468"/>
        <source>{0} of {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="560"/>
        <source>Sales {0} = collected {1} + outstanding {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="563"/>
        <source>Collected: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="564"/>
        <source>Payments on account {0} · Cash to hand in {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="567"/>
        <source>Variance at cost {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="570"/>
        <source>Nothing moved on van {0} that day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="580"/>
        <source>Add the products first: scan or type each code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="631"/>
        <source>Transfer out recorded: {0} lines, {1} at cost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="632"/>
        <source>Transfer in recorded: {0} lines; short at cost {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="635"/>
        <source>Van loaded: {0} lines, {1} at cost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="636"/>
        <source>Van unloaded: {0} lines; variance at cost {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="639"/>
        <source>The slip is printing. Transfer no. {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="644"/>
        <source>Recorded: {0} lines, {1} at cost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/stock_screen.py" line="665"/>
        <source>The van&apos;s day for {0} is printing.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncScreen</name>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="51"/>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="54"/>
        <source>Enroll with a server code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="61"/>
        <source>Esc  Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="63"/>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="71"/>
        <source>Waiting by kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="72"/>
        <location filename="../../terminal/ui/sync_screen.py" line="86"/>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="72"/>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="80"/>
        <source>Waiting to send (oldest first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="83"/>
        <source>Waiting to send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="85"/>
        <location filename="../../terminal/ui/sync_screen.py" line="101"/>
        <source>No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="87"/>
        <location filename="../../terminal/ui/sync_screen.py" line="102"/>
        <source>Document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="88"/>
        <source>Made</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="89"/>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="96"/>
        <location filename="../../terminal/ui/sync_screen.py" line="99"/>
        <source>Held by head office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="103"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="131"/>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="151"/>
        <source>This till works on its own: every sale is kept, signed and chained here, and will be sent when the till is enrolled with head office.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="158"/>
        <source>Server: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="160"/>
        <source>Till {0}/{1} ({2})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="166"/>
        <source>Last sync: {0} ({1} ago)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="172"/>
        <source>Prices and products last brought down: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="178"/>
        <source>Next try: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="186"/>
        <source>Clock difference with head office: {0} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sync_screen.py" line="237"/>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TillApp</name>
    <message>
        <location filename="../../terminal/ui/app.py" line="130"/>
        <source>The daily backup could not be taken ({0}). Check the backup folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/app.py" line="152"/>
        <source>Bisama POS — the till cannot start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/app.py" line="157"/>
        <source>The till cannot start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/app.py" line="167"/>
        <source>Restore the latest verified backup ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/app.py" line="175"/>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/app.py" line="176"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/app.py" line="188"/>
        <source>Restored. The damaged file is kept as {0}. Starting the till…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TotalsPanel</name>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="41"/>
        <location filename="../../terminal/ui/totals_panel.py" line="140"/>
        <source>Walk-in customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="46"/>
        <source>F8 Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="48"/>
        <source>Choose customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="51"/>
        <source>Price list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="65"/>
        <source>Items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="66"/>
        <source>Subtotal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="67"/>
        <source>Discount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="68"/>
        <source>Net of tax</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="69"/>
        <source>VAT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="70"/>
        <source>NHIL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="71"/>
        <source>GETFund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="72"/>
        <location filename="../../terminal/ui/totals_panel.py" line="122"/>
        <source>COVID-19 levy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="74"/>
        <source>TOTAL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="75"/>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="85"/>
        <location filename="../../terminal/ui/totals_panel.py" line="86"/>
        <location filename="../../terminal/ui/totals_panel.py" line="189"/>
        <source>Change to give</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="96"/>
        <source>F12  PAY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="99"/>
        <source>Pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="108"/>
        <source>incl. tax</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="108"/>
        <source>excl. tax</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="113"/>
        <source>{0} prices ({1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="147"/>
        <source>TIN {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="150"/>
        <source>owes {0}, limit {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="178"/>
        <source>Prices include VAT, NHIL and GETFund.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="180"/>
        <source>Prices are before tax; tax is added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="191"/>
        <source>No change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="194"/>
        <source>Receipt {0} — total {1} — {2}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>keys</name>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="45"/>
        <location filename="../../terminal/ui/count_screen.py" line="46"/>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="37"/>
        <source>Switch user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="44"/>
        <source>Printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="51"/>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="58"/>
        <source>Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="65"/>
        <source>Stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="72"/>
        <location filename="../../terminal/ui/keymap.py" line="358"/>
        <source>Exchange</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="79"/>
        <source>On account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="89"/>
        <location filename="../../terminal/ui/keymap.py" line="331"/>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="93"/>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="97"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="103"/>
        <source>Sale disc.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="109"/>
        <source>Qty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="115"/>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="121"/>
        <source>Line disc.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="127"/>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="133"/>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="139"/>
        <source>Park/recall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="145"/>
        <source>Returns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="151"/>
        <source>Shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="154"/>
        <source>Pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="158"/>
        <location filename="../../terminal/ui/keymap.py" line="347"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="161"/>
        <source>Line up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="162"/>
        <source>Line down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="166"/>
        <source>Cancel sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="173"/>
        <location filename="../../terminal/ui/keymap.py" line="309"/>
        <source>Reprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="180"/>
        <location filename="../../terminal/ui/keymap.py" line="298"/>
        <source>No sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="187"/>
        <source>Quick keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="196"/>
        <source>Price check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="204"/>
        <location filename="../../terminal/ui/keymap.py" line="256"/>
        <location filename="../../terminal/ui/keymap.py" line="275"/>
        <location filename="../../terminal/ui/keymap.py" line="312"/>
        <location filename="../../terminal/ui/keymap.py" line="318"/>
        <location filename="../../terminal/ui/keymap.py" line="328"/>
        <location filename="../../terminal/ui/keymap.py" line="348"/>
        <location filename="../../terminal/ui/keymap.py" line="360"/>
        <location filename="../../terminal/ui/keymap.py" line="370"/>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="213"/>
        <source>Exact cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="221"/>
        <location filename="../../terminal/ui/keymap.py" line="355"/>
        <location filename="../../terminal/ui/keymap.py" line="365"/>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="227"/>
        <location filename="../../terminal/ui/keymap.py" line="356"/>
        <location filename="../../terminal/ui/keymap.py" line="366"/>
        <source>MoMo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="231"/>
        <source>MTN MoMo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="233"/>
        <source>Telecel Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="235"/>
        <source>AirtelTigo Money</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="240"/>
        <location filename="../../terminal/ui/keymap.py" line="357"/>
        <location filename="../../terminal/ui/keymap.py" line="367"/>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="246"/>
        <source>Credit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="252"/>
        <source>Complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="255"/>
        <source>Remove pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="263"/>
        <location filename="../../terminal/ui/keymap.py" line="352"/>
        <location filename="../../terminal/ui/keymap.py" line="364"/>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="270"/>
        <location filename="../../terminal/ui/keymap.py" line="354"/>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="273"/>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="274"/>
        <source>Void sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="282"/>
        <location filename="../../terminal/ui/shift_screen.py" line="52"/>
        <source>Open shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="289"/>
        <source>Cash in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="295"/>
        <source>Cash out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="299"/>
        <source>X report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="303"/>
        <location filename="../../terminal/ui/keymap.py" line="317"/>
        <source>Close shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="316"/>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="322"/>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="323"/>
        <source>User up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="324"/>
        <source>User down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="325"/>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="333"/>
        <source>Receive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="334"/>
        <source>Adjust</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="336"/>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="338"/>
        <source>Receive transfer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="340"/>
        <source>Load van</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="341"/>
        <source>Van return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="343"/>
        <source>Van day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="345"/>
        <source>Save/Print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="368"/>
        <source>Take payment</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinds</name>
    <message>
        <location filename="../../terminal/ui/text.py" line="61"/>
        <source>Sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/text.py" line="62"/>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/text.py" line="63"/>
        <source>Void</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/text.py" line="64"/>
        <source>Shift open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/text.py" line="65"/>
        <source>Shift close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/text.py" line="66"/>
        <source>Cash in/out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/text.py" line="67"/>
        <source>Payment on account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/text.py" line="68"/>
        <source>New customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/text.py" line="69"/>
        <source>Goods received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/text.py" line="70"/>
        <source>Stock adjustment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/text.py" line="71"/>
        <source>Stock count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/text.py" line="72"/>
        <source>X report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/text.py" line="73"/>
        <source>Z report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/text.py" line="74"/>
        <source>Test page</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>roles</name>
    <message>
        <location filename="../../terminal/ui/text.py" line="14"/>
        <source>Cashier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/text.py" line="15"/>
        <source>Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/text.py" line="16"/>
        <source>Director</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/text.py" line="17"/>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>text</name>
    <message>
        <location filename="../../terminal/ui/text.py" line="29"/>
        <source>{0} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/text.py" line="32"/>
        <source>{0} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/text.py" line="35"/>
        <source>{0} h {1} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/text.py" line="37"/>
        <source>{0} days {1} h</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>widgets</name>
    <message>
        <location filename="../../terminal/ui/widgets.py" line="93"/>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/widgets.py" line="195"/>
        <source>Type the {0}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
