<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
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
        <source>Close the shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="312"/>
        <source>Close shift (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="331"/>
        <source>Z report {0} is printing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="337"/>
        <source>Short by {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="339"/>
        <source>Over by {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="341"/>
        <source>{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="346"/>
        <source>Exact — no variance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="352"/>
        <source>Blind count: the manager sees the variance on the Z report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/count_screen.py" line="372"/>
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
    <name>EnrollDialog</name>
    <message>
        <location filename="../../terminal/ui/enroll.py" line="32"/>
        <source>Enroll with head office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/enroll.py" line="33"/>
        <source>Type the server address and the one-time enrollment code your administrator gave you. The till makes its own signing key; the code works once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/enroll.py" line="38"/>
        <source>Enroll (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/enroll.py" line="41"/>
        <location filename="../../terminal/ui/enroll.py" line="45"/>
        <source>Server address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/enroll.py" line="43"/>
        <location filename="../../terminal/ui/enroll.py" line="46"/>
        <source>Enrollment code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/enroll.py" line="56"/>
        <source>The server address starts with https:// (or http:// on the shop&apos;s own network).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/enroll.py" line="62"/>
        <source>Type the enrollment code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/enroll.py" line="65"/>
        <source>Enrolling… this needs the internet for a few seconds.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRunScreen</name>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="36"/>
        <source>Welcome to Bisama POS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="39"/>
        <source>This till has no users yet. Connect it to head office, or set it up to work on its own (it can be enrolled later; nothing it sells is lost).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="55"/>
        <source>Enroll with head office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="58"/>
        <source>Your administrator gives you the server address and a one-time code. The catalogue, prices and users then come from head office.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="69"/>
        <source>Enroll with a server code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="80"/>
        <source>Set up this till on its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="85"/>
        <location filename="../../terminal/ui/first_run.py" line="105"/>
        <source>Shop name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="90"/>
        <source>Shop address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="95"/>
        <source>Shop phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="98"/>
        <source>Shop&apos;s TIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="102"/>
        <source>Catalogue CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="104"/>
        <source>Users CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="106"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="107"/>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="108"/>
        <source>TIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="111"/>
        <source>Use the sample catalogue and users (training)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="117"/>
        <location filename="../../terminal/ui/first_run.py" line="120"/>
        <source>Set up this till</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="129"/>
        <source>path to the .csv file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="134"/>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="144"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="151"/>
        <source>First start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="172"/>
        <source>catalogue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="173"/>
        <source>users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="178"/>
        <source>There is no {0} file {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="184"/>
        <source>Choose the users file: without users nobody can sign in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="198"/>
        <source>Importing… a large catalogue takes a few seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_run.py" line="207"/>
        <source>Imported {0} products and {1} users.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../../terminal/ui/dialogs.py" line="71"/>
        <source>Cancel (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/dialogs.py" line="73"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/dialogs.py" line="77"/>
        <source>OK (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/dialogs.py" line="80"/>
        <source>OK</source>
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
        <location filename="../../terminal/ui/line_dialogs.py" line="325"/>
        <location filename="../../terminal/ui/line_dialogs.py" line="326"/>
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
        <location filename="../../terminal/ui/main_window.py" line="62"/>
        <source>Bisama POS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/main_window.py" line="125"/>
        <source>Switch user (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/main_window.py" line="127"/>
        <source>Switch user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/main_window.py" line="132"/>
        <source>Manager (Ctrl+M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/main_window.py" line="134"/>
        <source>Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/main_window.py" line="264"/>
        <source>{0}&apos;s cart</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaymentScreen</name>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="75"/>
        <source>Cash handed over {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="80"/>
        <source>{0} {1} — approval {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="83"/>
        <source>On account {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="100"/>
        <location filename="../../terminal/ui/payment_screen.py" line="101"/>
        <source>To pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="106"/>
        <source>Payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="107"/>
        <source>Payments entered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="112"/>
        <location filename="../../terminal/ui/payment_screen.py" line="115"/>
        <location filename="../../terminal/ui/payment_screen.py" line="361"/>
        <source>Still to pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="129"/>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="130"/>
        <source>MoMo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="131"/>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="132"/>
        <source>Credit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="157"/>
        <source>Esc  Back to cart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="159"/>
        <source>Back to cart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="164"/>
        <source>F12  Complete sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="167"/>
        <source>Complete sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="180"/>
        <location filename="../../terminal/ui/payment_screen.py" line="183"/>
        <source>Cash handed over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="181"/>
        <source>Enter = exact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="214"/>
        <location filename="../../terminal/ui/payment_screen.py" line="456"/>
        <source>MoMo amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="216"/>
        <source>MoMo transaction reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="219"/>
        <source>Transaction ID from the customer&apos;s SMS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="222"/>
        <location filename="../../terminal/ui/payment_screen.py" line="254"/>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="223"/>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="230"/>
        <source>Add MoMo payment (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="246"/>
        <source>Card amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="248"/>
        <source>Card approval code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="251"/>
        <source>Approval code on the card machine&apos;s slip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="255"/>
        <source>Approval code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="259"/>
        <source>Add card payment (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="277"/>
        <source>Amount on account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="280"/>
        <source>On account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="285"/>
        <source>F8 on cart: choose customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="292"/>
        <source>Add to account (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="304"/>
        <source>Payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="324"/>
        <source>Walk-in customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="326"/>
        <source>Credit needs a registered customer. Choose the customer first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="331"/>
        <source>{0} owes {1}. Credit limit {2}; available {3}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="364"/>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="373"/>
        <source>Exact {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="376"/>
        <source>Exact cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="391"/>
        <source>The customer display shows your MoMo number {0} with the amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="395"/>
        <source>Set the shop&apos;s MoMo number in Manager → Customer display to show it to customers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="444"/>
        <source>Type the cash the customer handed over.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="468"/>
        <source>card amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="478"/>
        <source>Credit needs a registered customer: press “choose customer”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="483"/>
        <source>amount on account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="494"/>
        <source>Type the mobile money reference from the SMS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="496"/>
        <source>Type the card machine&apos;s approval code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="501"/>
        <source>That is more than the {0} still to pay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="518"/>
        <source>{0} still to pay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="526"/>
        <source>Choose how the customer pays (Enter = exact cash).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="531"/>
        <source>{0} is still to pay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="605"/>
        <source>on account {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/payment_screen.py" line="606"/>
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
        <location filename="../../terminal/ui/returns_screen.py" line="129"/>
        <source>Find a sale to return or void.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="137"/>
        <source>Lines of the sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="141"/>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="142"/>
        <source>Sold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="143"/>
        <source>Returned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="144"/>
        <source>Return now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="145"/>
        <source>Damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="156"/>
        <source>Reason for the return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="158"/>
        <source>Why is it returned? (or tap a reason)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="173"/>
        <source>Refund to original payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="179"/>
        <source>Refund in cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="189"/>
        <source>F5  Return all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="191"/>
        <source>Return all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="197"/>
        <source>F7  Void sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="200"/>
        <source>Void sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="206"/>
        <source>F6  Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="209"/>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="218"/>
        <source>Returns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="237"/>
        <source> — VOIDED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="240"/>
        <source> — returned {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="275"/>
        <source>VOIDED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="277"/>
        <source>completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="280"/>
        <source>Receipt {0} — {1} — {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="285"/>
        <source>walk-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="287"/>
        <source>Business date {0}; customer {1}; paid {2}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="305"/>
        <source>Damaged, do not put back on the shelf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="348"/>
        <location filename="../../terminal/ui/returns_screen.py" line="394"/>
        <source>Find the sale first: type the receipt number or scan the receipt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="355"/>
        <source>Set the quantity to return on at least one line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="361"/>
        <source>Say why the goods are returned (tap a reason or type it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="379"/>
        <source>Refund {0}: {1} ({2}). The refund slip is printing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="383"/>
        <source>Give the customer the cash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="404"/>
        <source>Void sale {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="405"/>
        <source>The whole sale of {0} is cancelled and its payment given back. Say why.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="413"/>
        <source>rang up twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="414"/>
        <source>customer left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="416"/>
        <source>Void (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/returns_screen.py" line="426"/>
        <source>Sale {0} is voided ({1}). The void slip is printing.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SaleScreen</name>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="98"/>
        <source>Barcode or code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="99"/>
        <source>Scan, or type a barcode or SKU and press Enter; 3*CODE adds three.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="102"/>
        <source>Scan or type a code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="108"/>
        <source>Search by name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="109"/>
        <source>Type part of a name; results appear as you type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="111"/>
        <source>F2  Search by name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="122"/>
        <source>Cart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="132"/>
        <source>Search results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="164"/>
        <source>Sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="257"/>
        <source>Sale complete — receipt {0} is printing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="262"/>
        <location filename="../../terminal/ui/sale_screen.py" line="414"/>
        <source>The cart is empty: scan an item first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="314"/>
        <source>Nothing in the catalogue matches “{0}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="397"/>
        <source>{0} is sold only by the {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="401"/>
        <source>{0} is now sold by the {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="434"/>
        <source>No cart is parked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="441"/>
        <source>The cart is parked. Recall it with F9 when the cart is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="447"/>
        <source>Nothing to pay yet: scan an item first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="455"/>
        <source>Removed {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="463"/>
        <source>The sale was cancelled; nothing was sold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="470"/>
        <source>Cancel this sale?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="471"/>
        <source>All {0} line(s) come off and nothing is sold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="474"/>
        <source>Cancel the sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="483"/>
        <source>No receipt has been printed on this till yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="490"/>
        <source>A copy of receipt {0} is printing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="496"/>
        <source>The drawer is opening (no sale, recorded).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="503"/>
        <source>Open the drawer (no sale)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="504"/>
        <source>Say why the drawer is opened; it is recorded with your name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="508"/>
        <source>change for a customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="509"/>
        <source>wrong change given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/sale_screen.py" line="511"/>
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
        <location filename="../../terminal/ui/settings_screen.py" line="224"/>
        <source>Backups go to {0}; the newest {1} are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="228"/>
        <source>Warning: this is the same drive as the database. Set BISAMA_BACKUP_DIR to a second drive or a USB disk (see docs/install-windows.md).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="237"/>
        <source>{0} — up to transaction {1} — {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="244"/>
        <source>Taking a backup… selling can go on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="248"/>
        <source>Backup verified and saved: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="253"/>
        <source>The backup failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="259"/>
        <source>Checking… selling can go on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="264"/>
        <source>Transactions verified: {0}; journals: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="268"/>
        <source>PROBLEM: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="269"/>
        <source>Warning: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="271"/>
        <source>Check passed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="273"/>
        <source>Check FAILED: call support with this screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="280"/>
        <source>The check could not run: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="291"/>
        <source>Bisama POS till {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="292"/>
        <source>Shop: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="293"/>
        <source>Till {0}/{1}, terminal id {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="296"/>
        <source>Data folder: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="297"/>
        <source>Signing key: {0} ({1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="298"/>
        <source>Python {0}, Qt {1}, PySide6 {2}, {3}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="301"/>
        <source>Products: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="307"/>
        <source>Signed in: {0} ({1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/settings_screen.py" line="309"/>
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
        <location filename="../../terminal/ui/shift_screen.py" line="370"/>
        <source>Cash in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="109"/>
        <location filename="../../terminal/ui/shift_screen.py" line="234"/>
        <location filename="../../terminal/ui/shift_screen.py" line="370"/>
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
        <location filename="../../terminal/ui/shift_screen.py" line="271"/>
        <source>Reprint (printed as COPY, never opens the drawer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="274"/>
        <source>Printed documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="280"/>
        <source>Reprint the chosen one (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="293"/>
        <source>Shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="310"/>
        <source>Shift {0} — {1}
opened {2} by {3}
float {4}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="356"/>
        <source>Shift {0} is open with a float of {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="369"/>
        <source>{0} {1} recorded; the slip is printing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="380"/>
        <source>The drawer is opening (no sale, recorded).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="387"/>
        <source>Open the drawer (no sale)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="388"/>
        <source>Say why the drawer is opened; it is recorded with your name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="393"/>
        <source>change for a customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="394"/>
        <source>Open drawer (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="402"/>
        <source>X report printed. The shift stays open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="427"/>
        <source>waiting to print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="428"/>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/shift_screen.py" line="445"/>
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
        <location filename="../../terminal/ui/status_bar.py" line="93"/>
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
        <source> (~{0} min)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="102"/>
        <source>Battery {0} %{1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="117"/>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="120"/>
        <source>Waiting to sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="123"/>
        <source>Last sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="126"/>
        <source>Clock warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="129"/>
        <source>Printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="131"/>
        <source>Power</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="132"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="198"/>
        <source>{0} kept for head office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="205"/>
        <source>Never synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="209"/>
        <source>Synced {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="215"/>
        <source>behind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="217"/>
        <source>ahead of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="221"/>
        <source>⚠ Till clock {0} min {1} head office — fix the PC&apos;s date and time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="233"/>
        <source>Click for the print queue (Ctrl+P).</source>
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
        <source>Business date</source>
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
        <location filename="../../terminal/ui/app.py" line="105"/>
        <source>The daily backup could not be taken ({0}). Check the backup folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/app.py" line="127"/>
        <source>Bisama POS — the till cannot start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/app.py" line="132"/>
        <source>The till cannot start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/app.py" line="142"/>
        <source>Restore the latest verified backup ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/app.py" line="150"/>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/app.py" line="151"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/app.py" line="163"/>
        <source>Restored. The damaged file is kept as {0}. Starting the till…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TotalsPanel</name>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="40"/>
        <location filename="../../terminal/ui/totals_panel.py" line="139"/>
        <source>Walk-in customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="45"/>
        <source>F8 Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="47"/>
        <source>Choose customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="50"/>
        <source>Price list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="64"/>
        <source>Items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="65"/>
        <source>Subtotal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="66"/>
        <source>Discount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="67"/>
        <source>Net of tax</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="68"/>
        <source>VAT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="69"/>
        <source>NHIL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="70"/>
        <source>GETFund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="71"/>
        <location filename="../../terminal/ui/totals_panel.py" line="121"/>
        <source>COVID-19 levy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="73"/>
        <source>TOTAL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="74"/>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="84"/>
        <location filename="../../terminal/ui/totals_panel.py" line="85"/>
        <location filename="../../terminal/ui/totals_panel.py" line="188"/>
        <source>Change to give</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="95"/>
        <source>F12  PAY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="98"/>
        <source>Pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="107"/>
        <source>incl. tax</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="107"/>
        <source>excl. tax</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="112"/>
        <source>{0} prices ({1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="146"/>
        <source>TIN {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="149"/>
        <source>owes {0}, limit {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="177"/>
        <source>Prices include VAT, NHIL and GETFund.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="179"/>
        <source>Prices are before tax; tax is added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="190"/>
        <source>No change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/totals_panel.py" line="193"/>
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
        <location filename="../../terminal/ui/keymap.py" line="68"/>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="72"/>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="76"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="82"/>
        <source>Sale disc.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="88"/>
        <source>Qty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="94"/>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="100"/>
        <source>Line disc.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="106"/>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="112"/>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="118"/>
        <source>Park/recall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="124"/>
        <source>Returns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="130"/>
        <source>Shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="133"/>
        <source>Pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="137"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="140"/>
        <source>Line up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="141"/>
        <source>Line down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="145"/>
        <source>Cancel sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="152"/>
        <location filename="../../terminal/ui/keymap.py" line="264"/>
        <source>Reprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="159"/>
        <location filename="../../terminal/ui/keymap.py" line="253"/>
        <source>No sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="166"/>
        <location filename="../../terminal/ui/keymap.py" line="211"/>
        <location filename="../../terminal/ui/keymap.py" line="230"/>
        <location filename="../../terminal/ui/keymap.py" line="267"/>
        <location filename="../../terminal/ui/keymap.py" line="273"/>
        <location filename="../../terminal/ui/keymap.py" line="283"/>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="175"/>
        <source>Exact cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="183"/>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="189"/>
        <source>MoMo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="195"/>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="201"/>
        <source>Credit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="207"/>
        <source>Complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="210"/>
        <source>Remove pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="218"/>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="225"/>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="228"/>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="229"/>
        <source>Void sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="237"/>
        <location filename="../../terminal/ui/shift_screen.py" line="52"/>
        <source>Open shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="244"/>
        <source>Cash in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="250"/>
        <source>Cash out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="254"/>
        <source>X report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="258"/>
        <location filename="../../terminal/ui/keymap.py" line="272"/>
        <source>Close shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="271"/>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="277"/>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="278"/>
        <source>User up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="279"/>
        <source>User down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../terminal/ui/keymap.py" line="280"/>
        <source>Clear</source>
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
