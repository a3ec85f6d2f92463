<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ar" sourcelanguage="en">
<context>
    <name>AddUserDialog</name>
    <message>
        <location filename="../../gui/dialogs/users.py" line="42" />
        <source>Add a user</source>
        <translation>إضافة مستخدم</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/users.py" line="47" />
        <source>&amp;Name:</source>
        <translation>الاسم:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/users.py" line="48" />
        <source>R&amp;ole:</source>
        <translation>الدور:</translation>
    </message>
</context>
<context>
    <name>AdminView</name>
    <message>
        <location filename="../../gui/views/admin.py" line="44" />
        <source>Administration</source>
        <translation>الإدارة</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="54" />
        <source>Name</source>
        <translation>الاسم</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="55" />
        <source>Role</source>
        <translation>الدور</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="56" />
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="57" />
        <source>Signing key</source>
        <translation>مفتاح التوقيع</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="58" />
        <source>Created</source>
        <translation>تاريخ الإنشاء</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="68" />
        <source>&amp;Add user…</source>
        <translation>إضافة مستخدم…</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="70" />
        <location filename="../../gui/views/admin.py" line="247" />
        <source>&amp;Disable</source>
        <translation>تعطيل</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="72" />
        <source>Set &amp;password…</source>
        <translation>تعيين كلمة المرور…</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="77" />
        <source>Change &amp;role</source>
        <translation>تغيير الدور</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="90" />
        <source>Users</source>
        <translation>المستخدمون</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="97" />
        <source>Rotate the master key…</source>
        <translation>تدوير المفتاح الرئيسي…</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="99" />
        <source>Replace the recovery key…</source>
        <translation>استبدال مفتاح الاسترداد…</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="101" />
        <source>Make a new recovery key, shown once; the old one stops working.</source>
        <translation>إنشاء مفتاح استرداد جديد يُعرض مرة واحدة؛ ويتوقف المفتاح القديم عن العمل.</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="105" />
        <source>Keys</source>
        <translation>المفاتيح</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="108" />
        <source>Log key fingerprint (for auditors):</source>
        <translation>بصمة مفتاح السجل (للمدققين):</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="116" />
        <source> min</source>
        <translation> دقيقة</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="118" />
        <source>empty: this computer; e.g. tcp://10.0.0.5:8786</source>
        <translation>فارغ: هذا الحاسوب؛ مثال tcp://10.0.0.5:8786</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="120" />
        <source>empty: no mail; e.g. mail.internal:25</source>
        <translation>فارغ: دون بريد؛ مثل mail.internal:25</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="122" />
        <source>e.g. airlock@bank.internal</source>
        <translation>مثل airlock@bank.internal</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="126" />
        <location filename="../../gui/views/admin.py" line="150" />
        <source> days</source>
        <translation> يومًا</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="127" />
        <source>NCA ECC 2-12 asks for at least 12 months.</source>
        <translation>يشترط الضابط 2-12 من الضوابط الأساسية للأمن السيبراني (NCA ECC) مدة 12 شهرًا على الأقل.</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="130" />
        <source>empty: scikit-learn, LightGBM and XGBoost only; e.g. bank_features</source>
        <translation>فارغ: scikit-learn وLightGBM وXGBoost فقط؛ مثلاً bank_features</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="134" />
        <source>Python modules whose classes a model from a notebook may hold (comma-separated). Recorded in the audit log.</source>
        <translation>وحدات Python التي يجوز أن يحتوي نموذج من دفتر ملاحظات على أصنافها (مفصولة بفواصل). يُسجَّل ذلك في سجل التدقيق.</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="139" />
        <source>fairness, reviewed sensitive features and a complete card before production</source>
        <translation>الإنصاف ومراجعة الخصائص الحساسة وبطاقة مكتملة قبل الإنتاج</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="143" />
        <source>For models in projects of risk tier medium or high, on top of their own gates. Turning this off is recorded in the audit log and shown in compliance.</source>
        <translation>للنماذج في المشاريع ذات مستوى المخاطر المتوسط أو العالي، إضافة إلى بواباتها الخاصة. يُسجَّل إيقافها في سجل التدقيق ويظهر في الامتثال.</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="153" />
        <source>Approvals by an account younger than this are flagged (four-eyes, docs/roles.md).</source>
        <translation>تُعلَّم الموافقات الصادرة عن حساب أحدث من هذه المدة (مبدأ العينين الأربع، docs/roles.md).</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="156" />
        <source>Save settings</source>
        <translation>حفظ الإعدادات</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="160" />
        <source>Workspace</source>
        <translation>مساحة العمل</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="162" />
        <source>Name:</source>
        <translation>الاسم:</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="163" />
        <source>Lock the app after at most:</source>
        <translation>قفل التطبيق بعد مدة أقصاها:</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="164" />
        <source>Dask scheduler for searches:</source>
        <translation>مُجدول Dask لعمليات البحث:</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="165" />
        <source>Mail relay for alerts:</source>
        <translation>مرحّل البريد للتنبيهات:</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="166" />
        <source>Alert mail sender:</source>
        <translation>مرسل بريد التنبيهات:</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="170" />
        <source>Default production gates:</source>
        <translation>بوابات الإنتاج الافتراضية:</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="123" />
        <source>before training on personal data</source>
        <translation>قبل التدريب على بيانات شخصية</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="167" />
        <source>Require a complete DPIA:</source>
        <translation>اشتراط تقييم أثر مكتمل:</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="168" />
        <source>Keep the audit log at least:</source>
        <translation>الاحتفاظ بسجل التدقيق مدة لا تقل عن:</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="169" />
        <source>New approvers wait:</source>
        <translation>مدة انتظار المعتمِدين الجدد:</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="171" />
        <source>Trusted code in models:</source>
        <translation>شيفرة موثوقة في النماذج:</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="186" />
        <source>Reading users</source>
        <translation>قراءة المستخدمين</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="204" />
        <source>Folder %1 · id %2 · format %3 · created %4</source>
        <translation>المجلد ⁨%1⁩ · المعرّف ⁨%2⁩ · الصيغة ⁨%3⁩ · أُنشئت في ⁨%4⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="216" />
        <source>disabled</source>
        <translation>معطّل</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="218" />
        <source>service account</source>
        <translation>حساب خدمة</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="220" />
        <source>active</source>
        <translation>نشط</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="247" />
        <source>&amp;Enable</source>
        <translation>تفعيل</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="267" />
        <source>Adding a user</source>
        <translation>إضافة مستخدم</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="269" />
        <source>Added %1.</source>
        <translation>تمت إضافة ⁨%1⁩.</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="276" />
        <source>Enabling a user</source>
        <translation>تفعيل مستخدم</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="278" />
        <source>Enabled %1.</source>
        <translation>تم تفعيل ⁨%1⁩.</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="281" />
        <source>Disabling a user</source>
        <translation>تعطيل مستخدم</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="283" />
        <source>Disabled %1. Rotate the master key to revoke copied keys.</source>
        <translation>تم تعطيل ⁨%1⁩. دوّر المفتاح الرئيسي لإبطال أي مفاتيح منسوخة.</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="291" />
        <source>Setting a password</source>
        <translation>تعيين كلمة مرور</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="293" />
        <source>Set the password of %1.</source>
        <translation>تم تعيين كلمة مرور ⁨%1⁩.</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="299" />
        <source>Changing a role</source>
        <translation>تغيير دور</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin.py" line="301" />
        <source>%1 is now %2.</source>
        <translation>أصبح ⁨%1⁩ الآن ⁨%2⁩.</translation>
    </message>
</context>
<context>
    <name>AnnotateDialog</name>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="68" />
        <source>Annotate %1</source>
        <translation>إضافة ملاحظة مؤرخة إلى ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="68" />
        <source>&amp;Annotate</source>
        <translation>&amp;إضافة الملاحظة</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="75" />
        <source>e.g. affordability rule tightened</source>
        <translation>مثلاً: تشديد قاعدة القدرة على السداد</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="77" />
        <source>Start a &amp;new baseline: the first batch from this date becomes the reference</source>
        <translation>بدء &amp;خط أساس جديد: أول دفعة من هذا التاريخ تصبح المرجع</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="79" />
        <source>&amp;Date:</source>
        <translation>&amp;التاريخ:</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="80" />
        <source>&amp;What happened:</source>
        <translation>&amp;ماذا حدث:</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="89" />
        <source>Annotating</source>
        <translation>جارٍ إضافة الملاحظة</translation>
    </message>
</context>
<context>
    <name>AreaView</name>
    <message>
        <location filename="../../gui/views/base.py" line="215" />
        <source>Project:</source>
        <translation>المشروع:</translation>
    </message>
    <message>
        <location filename="../../gui/views/base.py" line="276" />
        <source>Reading projects</source>
        <translation>قراءة المشاريع</translation>
    </message>
</context>
<context>
    <name>AuditTableModel</name>
    <message>
        <location filename="../../gui/models/audit_model.py" line="47" />
        <source>Seq</source>
        <translation>التسلسل</translation>
    </message>
    <message>
        <location filename="../../gui/models/audit_model.py" line="48" />
        <source>Verified</source>
        <translation>التحقق</translation>
    </message>
    <message>
        <location filename="../../gui/models/audit_model.py" line="49" />
        <source>Time (UTC)</source>
        <translation>الوقت (UTC)</translation>
    </message>
    <message>
        <location filename="../../gui/models/audit_model.py" line="50" />
        <source>Actor</source>
        <translation>المنفّذ</translation>
    </message>
    <message>
        <location filename="../../gui/models/audit_model.py" line="51" />
        <source>Role</source>
        <translation>الدور</translation>
    </message>
    <message>
        <location filename="../../gui/models/audit_model.py" line="52" />
        <source>Action</source>
        <translation>الإجراء</translation>
    </message>
    <message>
        <location filename="../../gui/models/audit_model.py" line="53" />
        <source>Target</source>
        <translation>الهدف</translation>
    </message>
    <message>
        <location filename="../../gui/models/audit_model.py" line="93" />
        <source>Loading audit entries</source>
        <translation>تحميل قيود التدقيق</translation>
    </message>
    <message>
        <location filename="../../gui/models/audit_model.py" line="175" />
        <source>INVALID</source>
        <translation>غير صالح</translation>
    </message>
    <message>
        <location filename="../../gui/models/audit_model.py" line="175" />
        <source>valid</source>
        <translation>صالح</translation>
    </message>
    <message>
        <location filename="../../gui/models/audit_model.py" line="184" />
        <source>%1 (pruned)</source>
        <translation>‏⁨%1⁩ (مُقلَّم)</translation>
    </message>
    <message>
        <location filename="../../gui/models/audit_model.py" line="187" />
        <source>content pruned after the retention period</source>
        <translation>حُذف المحتوى بعد انقضاء مدة الاحتفاظ</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <location filename="../../gui/views/audit.py" line="39" />
        <source>Audit log</source>
        <translation>سجل التدقيق</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="74" />
        <source>&amp;Verify log</source>
        <translation>التحقق من السجل</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="76" />
        <source>Verify against a kept checkpoint…</source>
        <translation>التحقق مقابل نقطة تحقق محفوظة…</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="82" />
        <source>&amp;Export bundle…</source>
        <translation>تصدير حزمة…</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="79" />
        <source>Save &amp;checkpoint…</source>
        <translation>حفظ نقطة تحقق…</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="85" />
        <source>Verify a &amp;bundle file…</source>
        <translation>التحقق من ملف حزمة…</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="101" />
        <source>Reading user names</source>
        <translation>قراءة أسماء المستخدمين</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="124" />
        <source> (scroll for more)</source>
        <translation> (مرّر لعرض المزيد)</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="125" />
        <source>%1 entries shown</source>
        <translation>عدد القيود المعروضة: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="162" />
        <source>Verifying the audit log</source>
        <translation>التحقق من سجل التدقيق</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="166" />
        <source>Workspace log</source>
        <translation>سجل مساحة العمل</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="167" />
        <source>Verification cancelled.</source>
        <translation>أُلغي التحقق.</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="188" />
        <source>A checkpoint you kept</source>
        <translation>نقطة تحقق احتفظت بها</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="196" />
        <source>Saving a checkpoint</source>
        <translation>حفظ نقطة تحقق</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="199" />
        <source>Saved a signed checkpoint to %1. Keep a copy off this computer.</source>
        <translation>حُفظت نقطة تحقق موقّعة في ⁨%1⁩. احتفظ بنسخة خارج هذا الحاسوب.</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="211" />
        <source>Exporting an audit bundle</source>
        <translation>تصدير حزمة تدقيق</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="221" />
        <source>Wrote %1 (%2 entries). Log key fingerprint: %3</source>
        <translation>كُتب الملف ⁨%1⁩ (⁨%2⁩ قيدًا). بصمة مفتاح السجل: ⁨%3⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="228" />
        <source>The log FAILED verification: the bundle lists the findings in VERIFICATION.txt.</source>
        <translation>فشل السجل في التحقق: تسرد الحزمة النتائج في VERIFICATION.txt.</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="237" />
        <source>The audit log fails verification</source>
        <translation>سجل التدقيق لا يجتاز التحقق</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="239" />
        <source>%1

Verify the log to see every problem. Export it anyway for an investigator? The bundle will say that it failed and list the findings in VERIFICATION.txt.</source>
        <translation>‏⁨%1⁩

تحقّق من السجل لترى كل مشكلة. هل تريد تصديره رغم ذلك لمحقِّق؟ ستذكر الحزمة أنه فشل وتسرد النتائج في VERIFICATION.txt.</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="249" />
        <source>Nothing was exported.</source>
        <translation>لم يُصدَّر شيء.</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="254" />
        <source>Verifying a bundle</source>
        <translation>التحقق من حزمة</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="257" />
        <source>Bundle %1</source>
        <translation>الحزمة ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="263" />
        <source>Save a signed checkpoint</source>
        <translation>حفظ نقطة تحقق موقّعة</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="270" />
        <source>Export an audit bundle</source>
        <translation>تصدير حزمة تدقيق</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit.py" line="277" />
        <source>A bundle to verify</source>
        <translation>حزمة للتحقق منها</translation>
    </message>
</context>
<context>
    <name>BugReportDialog</name>
    <message>
        <location filename="../../gui/dialogs/bug.py" line="20" />
        <source>Airlock hit a bug</source>
        <translation>واجه Airlock خللًا برمجيًا</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/bug.py" line="24" />
        <source>Something went wrong inside Airlock. This is a bug, not something you did. Nothing was stored by the action that failed. Please send the details below to your Airlock support contact.</source>
        <translation>حدث خطأ داخل Airlock. هذا خلل برمجي وليس خطأً منك، ولم يُخزَّن شيء من الإجراء الذي فشل. يُرجى إرسال التفاصيل أدناه إلى جهة دعم Airlock لديك.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/bug.py" line="33" />
        <source>Copy details</source>
        <translation>نسخ التفاصيل</translation>
    </message>
</context>
<context>
    <name>CardsPanel</name>
    <message>
        <location filename="../../gui/views/governance_cards.py" line="49" />
        <source>&amp;Save card</source>
        <translation>&amp;حفظ البطاقة</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_cards.py" line="51" />
        <source>E&amp;xport…</source>
        <translation>&amp;تصدير…</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_cards.py" line="54" />
        <source>Model version:</source>
        <translation>إصدار النموذج:</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_cards.py" line="66" />
        <source>Limitations:</source>
        <translation>القيود:</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_cards.py" line="67" />
        <source>Ethical considerations:</source>
        <translation>الاعتبارات الأخلاقية:</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_cards.py" line="68" />
        <source>Caveats:</source>
        <translation>تحفظات:</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_cards.py" line="69" />
        <source>Recommendations:</source>
        <translation>توصيات:</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_cards.py" line="70" />
        <source>Monitoring plan:</source>
        <translation>خطة المراقبة:</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_cards.py" line="108" />
        <source>Reading the model card of %1</source>
        <translation>قراءة بطاقة النموذج ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_cards.py" line="132" />
        <source>card %1 saved</source>
        <translation>حُفظت البطاقة ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_cards.py" line="134" />
        <source>not saved yet</source>
        <translation>لم تُحفظ بعد</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_cards.py" line="138" />
        <source>%1: %2. Missing for a complete card: %3.</source>
        <translation>‏⁨%1⁩: ⁨%2⁩. الناقص لاكتمال البطاقة: ⁨%3⁩.</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_cards.py" line="144" />
        <source>%1: %2. The card is complete.</source>
        <translation>‏⁨%1⁩: ⁨%2⁩. البطاقة مكتملة.</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_cards.py" line="158" />
        <source>Saving the model card of %1</source>
        <translation>حفظ بطاقة النموذج ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_cards.py" line="174" />
        <source>Export the model card</source>
        <translation>تصدير بطاقة النموذج</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_cards.py" line="176" />
        <source>Model card (*.html *.md *.pdf)</source>
        <translation>بطاقة النموذج (*.html *.md *.pdf)</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_cards.py" line="183" />
        <source>Exporting the model card of %1</source>
        <translation>تصدير بطاقة النموذج ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_cards.py" line="188" />
        <source>Wrote %1.</source>
        <translation>كُتب ⁨%1⁩.</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <location filename="../../gui/views/run_compare.py" line="49" />
        <source>Compare runs</source>
        <translation>مقارنة التشغيلات</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_compare.py" line="57" />
        <source>Cross-validation (mean ± std)</source>
        <translation>التحقق المتقاطع (المتوسط ± الانحراف المعياري)</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_compare.py" line="58" />
        <source>Test set</source>
        <translation>مجموعة الاختبار</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_compare.py" line="59" />
        <source>Hyperparameters</source>
        <translation>المعاملات الفائقة</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_compare.py" line="107" />
        <source>The best value of this row</source>
        <translation>أفضل قيمة في هذا الصف</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_compare.py" line="112" />
        <source>Bold: the best value of each metric. Shaded: the hyperparameters that differ between the runs.</source>
        <translation>بالخط العريض: أفضل قيمة لكل مقياس. مظلَّلة: المعاملات الفائقة التي تختلف بين التشغيلات.</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_compare.py" line="164" />
        <source>ROC curves (test set)</source>
        <translation>منحنيات ROC (مجموعة الاختبار)</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_compare.py" line="166" />
        <source>Residuals (test set)</source>
        <translation>البواقي (مجموعة الاختبار)</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_compare.py" line="171" />
        <source>False positive rate</source>
        <translation>معدل الإيجابيات الكاذبة</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_compare.py" line="172" />
        <source>True positive rate</source>
        <translation>معدل الإيجابيات الصحيحة</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_compare.py" line="174" />
        <source>No curves to overlay.</source>
        <translation>لا منحنيات للمقارنة.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/scoring.py" line="158" />
        <source>%1 against production</source>
        <translation>‏⁨%1⁩ مقابل الإصدار في الإنتاج</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/scoring.py" line="159" />
        <source>&amp;Compare</source>
        <translation>&amp;مقارنة</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/scoring.py" line="167" />
        <source>On &amp;dataset version:</source>
        <translation>على إصدار مجموعة البيانات:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/scoring.py" line="174" />
        <source>Comparing with production</source>
        <translation>المقارنة بالإصدار في الإنتاج</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/scoring.py" line="191" />
        <source>On %1 (%2 rows)</source>
        <translation>على ⁨%1⁩ (⁨%2⁩ صفًا)</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/scoring.py" line="196" />
        <source>Better on %1: %2</source>
        <translation>الأفضل في ⁨%1⁩: ⁨%2⁩</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/scoring.py" line="200" />
        <source>(production)</source>
        <translation>(الإنتاج)</translation>
    </message>
</context>
<context>
    <name>CompliancePanel</name>
    <message>
        <location filename="../../gui/views/governance_compliance.py" line="60" />
        <source>met</source>
        <translation>مستوفى</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_compliance.py" line="61" />
        <source>partial</source>
        <translation>جزئي</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_compliance.py" line="62" />
        <source>missing</source>
        <translation>غير مستوفى</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_compliance.py" line="65" />
        <source>All frameworks</source>
        <translation>كل الأطر</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_compliance.py" line="67" />
        <source>F&amp;ramework:</source>
        <translation>&amp;الإطار:</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_compliance.py" line="69" />
        <source>Chec&amp;k again</source>
        <translation>&amp;إعادة الفحص</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_compliance.py" line="71" />
        <source>E&amp;xport…</source>
        <translation>&amp;تصدير…</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_compliance.py" line="79" />
        <source>Checking the controls…</source>
        <translation>جارٍ فحص الضوابط…</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_compliance.py" line="82" />
        <source>Control</source>
        <translation>الضابط</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_compliance.py" line="82" />
        <source>Reference</source>
        <translation>المرجع</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_compliance.py" line="82" />
        <source>Requirement</source>
        <translation>المتطلب</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_compliance.py" line="82" />
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_compliance.py" line="99" />
        <source>Select a control to read its checks and their evidence.</source>
        <translation>اختر ضابطًا لقراءة فحوصه وأدلتها.</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_compliance.py" line="137" />
        <source>Checking the compliance controls</source>
        <translation>فحص ضوابط الامتثال</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_compliance.py" line="160" />
        <source>%1: %2 met, %3 partial, %4 missing (checked %5). Each control takes the status of its weakest check.</source>
        <translation>‏⁨%1⁩: مستوفى ⁨%2⁩، جزئي ⁨%3⁩، غير مستوفى ⁨%4⁩ (فُحص في ⁨%5⁩). يأخذ كل ضابط حالة أضعف فحوصه.</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_compliance.py" line="221" />
        <source>See: %1</source>
        <translation>انظر: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_compliance.py" line="233" />
        <source>No evidence found.</source>
        <translation>لم يُعثر على دليل.</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_compliance.py" line="240" />
        <source>Export the compliance report</source>
        <translation>تصدير تقرير الامتثال</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_compliance.py" line="242" />
        <source>Compliance report (*.html *.pdf *.json)</source>
        <translation>تقرير الامتثال (*.html *.pdf *.json)</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_compliance.py" line="250" />
        <source>Exporting the compliance report</source>
        <translation>تصدير تقرير الامتثال</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_compliance.py" line="255" />
        <source>Wrote %1.</source>
        <translation>كُتب ⁨%1⁩.</translation>
    </message>
</context>
<context>
    <name>ContractForm</name>
    <message>
        <location filename="../../gui/views/data_contract_form.py" line="85" />
        <source>any</source>
        <translation>أي عدد</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract_form.py" line="88" />
        <source>Allow columns the contract does not list</source>
        <translation>السماح بأعمدة لا يذكرها العقد</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract_form.py" line="92" />
        <source>Rows at least:</source>
        <translation>الصفوف على الأقل:</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract_form.py" line="94" />
        <source>at most:</source>
        <translation>على الأكثر:</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract_form.py" line="103" />
        <source>Column</source>
        <translation>العمود</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract_form.py" line="104" />
        <source>Type</source>
        <translation>النوع</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract_form.py" line="105" />
        <source>Required</source>
        <translation>مطلوب</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract_form.py" line="106" />
        <source>Missing OK</source>
        <translation>يُقبل المفقود</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract_form.py" line="107" />
        <source>Unique</source>
        <translation>فريد</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract_form.py" line="108" />
        <source>Min</source>
        <translation>الأدنى</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract_form.py" line="109" />
        <source>Max</source>
        <translation>الأعلى</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract_form.py" line="110" />
        <source>Allowed values</source>
        <translation>القيم المسموح بها</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract_form.py" line="111" />
        <source>Pattern</source>
        <translation>النمط</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract_form.py" line="121" />
        <source>Add column</source>
        <translation>إضافة عمود</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract_form.py" line="123" />
        <source>Remove column</source>
        <translation>إزالة عمود</translation>
    </message>
</context>
<context>
    <name>ContractTab</name>
    <message>
        <location filename="../../gui/views/data_contract.py" line="50" />
        <location filename="../../gui/views/data_contract.py" line="103" />
        <source>Infer from this version</source>
        <translation>استنتاج من هذه النسخة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="53" />
        <source>contract name</source>
        <translation>اسم العقد</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="55" />
        <source>Save as new version</source>
        <translation>حفظ كنسخة جديدة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="57" />
        <source>Validate this version</source>
        <translation>التحقق من هذه النسخة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="59" />
        <source>Validate a file…</source>
        <translation>التحقق من ملف…</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="62" />
        <source>Contract:</source>
        <translation>العقد:</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="86" />
        <source>Rule</source>
        <translation>القاعدة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="87" />
        <source>Column</source>
        <translation>العمود</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="88" />
        <source>Result</source>
        <translation>النتيجة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="89" />
        <source>Failing rows</source>
        <translation>الصفوف المخالفة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="90" />
        <source>Examples</source>
        <translation>أمثلة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="100" />
        <source>Rules</source>
        <translation>القواعد</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="101" />
        <source>Advanced (JSON)</source>
        <translation>متقدم (JSON)</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="102" />
        <source>Results</source>
        <translation>النتائج</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="107" />
        <source>No contract yet — infer one from this version, then adjust its rules.</source>
        <translation>لا يوجد عقد بعد — استنتج عقدًا من هذه النسخة ثم عدّل قواعده.</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="112" />
        <source>Save as:</source>
        <translation>الحفظ باسم:</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="138" />
        <location filename="../../gui/views/data_contract.py" line="244" />
        <source>Reading contracts</source>
        <translation>قراءة العقود</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="193" />
        <source>A contract is a JSON object.</source>
        <translation>العقد كائن JSON.</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="215" />
        <source>A contract that %1 passes: adjust the rules, then save it.</source>
        <translation>عقد تجتازه ⁨%1⁩: عدّل القواعد ثم احفظه.</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="223" />
        <source>Inferring a contract</source>
        <translation>استنتاج عقد</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="235" />
        <source>The contract is not valid JSON: %1</source>
        <translation>العقد ليس JSON صالحًا: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="242" />
        <source>Saved %1.</source>
        <translation>تم حفظ ⁨%1⁩.</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="252" />
        <source>Saving the contract</source>
        <translation>حفظ العقد</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="262" />
        <source>Save a contract first.</source>
        <translation>احفظ عقدًا أولًا.</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="274" />
        <source>Validating %1</source>
        <translation>التحقق من ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="285" />
        <source>Validate a file against the contract</source>
        <translation>التحقق من ملف مقابل العقد</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="287" />
        <source>Data files (*.csv *.txt *.tsv *.parquet *.xlsx *.xlsm)</source>
        <translation>ملفات البيانات (*.csv *.txt *.tsv *.parquet *.xlsx *.xlsm)</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="299" />
        <source>PASSED</source>
        <translation>ناجح</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="299" />
        <source>FAILED</source>
        <translation>فاشل</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="301" />
        <source>%1 against %2: %3 (%4 rows, %5 failing rules)</source>
        <translation>‏⁨%1⁩ مقابل ⁨%2⁩: ⁨%3⁩ (⁨%4⁩ صفًا، ⁨%5⁩ قواعد مخالفة)</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="311" />
        <source>passed</source>
        <translation>ناجح</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="312" />
        <source>failed</source>
        <translation>فاشل</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="313" />
        <source>not checked</source>
        <translation>لم يُفحص</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_contract.py" line="316" />
        <source>no columns beyond the contract</source>
        <translation>لا أعمدة خارج العقد</translation>
    </message>
</context>
<context>
    <name>CreateWorkspaceDialog</name>
    <message>
        <location filename="../../gui/dialogs/create_workspace.py" line="31" />
        <source>New workspace</source>
        <translation>مساحة عمل جديدة</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/create_workspace.py" line="35" />
        <source>a new, empty folder</source>
        <translation>مجلد جديد فارغ</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/create_workspace.py" line="36" />
        <source>Browse…</source>
        <translation>استعراض…</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/create_workspace.py" line="44" />
        <source>&amp;Folder:</source>
        <translation>المجلد:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/create_workspace.py" line="47" />
        <source>&amp;Administrator:</source>
        <translation>المسؤول:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/create_workspace.py" line="48" />
        <source>&amp;Password:</source>
        <translation>كلمة المرور:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/create_workspace.py" line="49" />
        <source>&amp;Repeat password:</source>
        <translation>تأكيد كلمة المرور:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/create_workspace.py" line="52" />
        <source>At least 12 characters. A phrase of several words is easiest to remember. Password hashing takes about a second on purpose.</source>
        <translation>12 حرفًا على الأقل. العبارة المكوّنة من عدة كلمات أسهل في التذكّر. تستغرق معالجة كلمة المرور نحو ثانية عن قصد.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/create_workspace.py" line="31" />
        <source>Create</source>
        <translation>إنشاء</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/create_workspace.py" line="60" />
        <source>Folder for the new workspace</source>
        <translation>مجلد مساحة العمل الجديدة</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/create_workspace.py" line="73" />
        <source>Choose a folder and an administrator name.</source>
        <translation>اختر مجلدًا واسمًا للمسؤول.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/create_workspace.py" line="76" />
        <source>Creating the workspace</source>
        <translation>إنشاء مساحة العمل</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <location filename="../../gui/views/dashboard.py" line="43" />
        <source>Dashboard</source>
        <translation>لوحة المعلومات</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="76" />
        <source>Workspace</source>
        <translation>مساحة العمل</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="77" />
        <source>People</source>
        <translation>الأشخاص</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="52" />
        <location filename="../../gui/views/dashboard.py" line="78" />
        <source>Audit log</source>
        <translation>سجل التدقيق</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="79" />
        <source>Stored objects</source>
        <translation>الكائنات المخزّنة</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="80" />
        <source>Projects and data</source>
        <translation>المشاريع والبيانات</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="81" />
        <source>Models and approvals</source>
        <translation>النماذج والموافقات</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="122" />
        <source>Reading the workspace</source>
        <translation>قراءة مساحة العمل</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="307" />
        <source>Created %1</source>
        <translation>أُنشئت في ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="308" />
        <source>Id %1</source>
        <translation>المعرّف ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="309" />
        <source>Metadata: %1</source>
        <translation>البيانات الوصفية: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="315" />
        <source>Disabled accounts: %1</source>
        <translation>الحسابات المعطّلة: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="317" />
        <source>%1 entries</source>
        <translation>عدد القيود: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="317" />
        <source>1 entry</source>
        <translation>قيد واحد</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="188" />
        <location filename="../../gui/views/dashboard.py" line="319" />
        <source>Your role does not read the audit log.</source>
        <translation>دورك لا يتيح قراءة سجل التدقيق.</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="321" />
        <source>Not verified yet.</source>
        <translation>لم يُتحقق منه بعد.</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="324" />
        <source>valid</source>
        <translation>صالح</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="324" />
        <source>INVALID</source>
        <translation>غير صالح</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="326" />
        <source>Last verification: %1 (%2 entries, %3 problems)</source>
        <translation>آخر تحقق: ⁨%1⁩ (⁨%2⁩ قيدًا، ⁨%3⁩ مشكلة)</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="200" />
        <location filename="../../gui/views/dashboard.py" line="332" />
        <source>on %1 by %2</source>
        <translation>في ⁨%1⁩ بواسطة ⁨%2⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="49" />
        <source>&amp;Refresh</source>
        <translation>تحديث</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="50" />
        <source>Awaiting approval</source>
        <translation>بانتظار الموافقة</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="51" />
        <source>Open drift alerts</source>
        <translation>تنبيهات الانجراف المفتوحة</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="53" />
        <source>Scoring service</source>
        <translation>خدمة التقييم</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="157" />
        <source>1 request</source>
        <translation>طلب واحد</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="158" />
        <source>%1 requests</source>
        <translation>‏⁨%1⁩ طلبات</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="159" />
        <source>No requests</source>
        <translation>لا توجد طلبات</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="160" />
        <source>2 requests</source>
        <translation>طلبان</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="162" />
        <source>Yours to decide: %1</source>
        <translation>بانتظار قرارك: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="164" />
        <source>for production</source>
        <translation>للإنتاج</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="167" />
        <location filename="../../gui/views/dashboard.py" line="209" />
        <source>Open in Models ›</source>
        <translation>فتح في النماذج ›</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="172" />
        <source>1 open alert</source>
        <translation>تنبيه مفتوح واحد</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="173" />
        <source>%1 open alerts</source>
        <translation>‏⁨%1⁩ تنبيهات مفتوحة</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="174" />
        <source>No open alerts</source>
        <translation>لا توجد تنبيهات مفتوحة</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="175" />
        <source>2 open alerts</source>
        <translation>تنبيهان مفتوحان</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="177" />
        <source>to acknowledge in Monitoring</source>
        <translation>للإقرار بها في المراقبة</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="177" />
        <source>all quiet</source>
        <translation>لا شيء يستدعي الانتباه</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="181" />
        <source>Open the alerts ›</source>
        <translation>فتح التنبيهات ›</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="187" />
        <source>Not for your role</source>
        <translation>ليس ضمن صلاحيات دورك</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="193" />
        <source>Not verified yet</source>
        <translation>لم يُتحقق منه بعد</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="193" />
        <source>Verify the log in the Audit log.</source>
        <translation>تحقّق من السجل في سجل التدقيق.</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="197" />
        <source>Verified: valid</source>
        <translation>التحقق: صالح</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="199" />
        <source>Verified: INVALID</source>
        <translation>التحقق: غير صالح</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="205" />
        <source>Open in the Audit log ›</source>
        <translation>فتح في سجل التدقيق ›</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard_data.py" line="147" />
        <source>1 version served</source>
        <translation>إصدار واحد قيد الخدمة</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard_data.py" line="148" />
        <source>%1 versions served</source>
        <translation>‏⁨%1⁩ إصدارات قيد الخدمة</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard_data.py" line="149" />
        <source>Not serving</source>
        <translation>لا خدمة قيد التشغيل</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard_data.py" line="150" />
        <source>2 versions served</source>
        <translation>إصداران قيد الخدمة</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard_data.py" line="159" />
        <source>%1 requests/min, %2 errors</source>
        <translation>‏⁨%1⁩ طلب/دقيقة، أخطاء ⁨%2⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard_data.py" line="155" />
        <source>Start one: airlock serve</source>
        <translation>ابدأ واحدة: airlock serve</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="226" />
        <source>Runs per week</source>
        <translation>التشغيلات في الأسبوع</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="231" />
        <source>No runs yet</source>
        <translation>لا توجد تشغيلات بعد</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="252" />
        <source>never run</source>
        <translation>لم يُشغَّل قط</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="268" />
        <source>Drift by monitor (latest batch)</source>
        <translation>الانجراف حسب المراقِب (أحدث دفعة)</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="273" />
        <source>No monitors yet</source>
        <translation>لا توجد مراقِبات بعد</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="284" />
        <source>dev</source>
        <translation>التطوير</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="285" />
        <source>staging</source>
        <translation>ما قبل الإنتاج</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="286" />
        <source>production</source>
        <translation>الإنتاج</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="287" />
        <source>archived</source>
        <translation>مؤرشف</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="296" />
        <source>Model versions by stage</source>
        <translation>إصدارات النماذج حسب المرحلة</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="338" />
        <source>%1 validations, %2 failed</source>
        <translation>‏⁨%1⁩ عمليات تحقق، ⁨%2⁩ فاشلة</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="344" />
        <source>%1 projects</source>
        <translation>‏⁨%1⁩ مشاريع</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="344" />
        <source>1 project</source>
        <translation>مشروع واحد</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="345" />
        <source>%1 datasets, %2 versions</source>
        <translation>‏⁨%1⁩ مجموعات بيانات، ⁨%2⁩ نسخ</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="348" />
        <source>%1 data contracts</source>
        <translation>‏⁨%1⁩ عقود بيانات</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="348" />
        <source>1 data contract</source>
        <translation>عقد بيانات واحد</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="355" />
        <source>%1, %2 in production</source>
        <translation>‏⁨%1⁩، ⁨%2⁩ في الإنتاج</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="359" />
        <source>1 registered model</source>
        <translation>نموذج مسجَّل واحد</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="359" />
        <source>%1 registered models</source>
        <translation>‏⁨%1⁩ نماذج مسجَّلة</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="365" />
        <source>1 request for production pending</source>
        <translation>طلب إنتاج واحد معلّق</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="366" />
        <source>%1 requests for production pending</source>
        <translation>‏⁨%1⁩ طلبات إنتاج معلّقة</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="374" />
        <source>1 open drift alert (Monitoring)</source>
        <translation>تنبيه انجراف واحد مفتوح (المراقبة)</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="375" />
        <source>%1 open drift alerts (Monitoring)</source>
        <translation>‏⁨%1⁩ تنبيهات انجراف مفتوحة (المراقبة)</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="382" />
        <source>Awaiting your approval: %1</source>
        <translation>بانتظار موافقتك: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="391" />
        <source>1 encrypted object</source>
        <translation>كائن مشفّر واحد</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard.py" line="391" />
        <source>%1 encrypted objects</source>
        <translation>عدد الكائنات المشفّرة: ⁨%1⁩</translation>
    </message>
</context>
<context>
    <name>DataView</name>
    <message>
        <location filename="../../gui/views/data.py" line="39" />
        <location filename="../../gui/views/data.py" line="86" />
        <source>Data</source>
        <translation>البيانات</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="52" />
        <source>&amp;Import…</source>
        <translation>استيراد…</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="55" />
        <source>E&amp;xport version…</source>
        <translation>تصدير النسخة…</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="46" />
        <source>&amp;New project…</source>
        <translation>مشروع &amp;جديد…</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="49" />
        <source>Edit pro&amp;ject…</source>
        <translation>تعديل المشرو&amp;ع…</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="63" />
        <source>Dataset / version</source>
        <translation>مجموعة البيانات / النسخة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="63" />
        <source>Rows</source>
        <translation>الصفوف</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="63" />
        <source>Columns</source>
        <translation>الأعمدة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="87" />
        <source>Profile</source>
        <translation>الملف الإحصائي</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="88" />
        <source>Contract</source>
        <translation>العقد</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="89" />
        <source>Recipe</source>
        <translation>الوصفة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="90" />
        <source>Personal data</source>
        <translation>البيانات الشخصية</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="91" />
        <source>Lineage</source>
        <translation>النَّسَب</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="151" />
        <source>Objective: %1 · Success: %2 · Risk tier: %3</source>
        <translation>الهدف: ⁨%1⁩ · النجاح: ⁨%2⁩ · مستوى المخاطر: ⁨%3⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="161" />
        <source>Reading datasets</source>
        <translation>قراءة مجموعات البيانات</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="101" />
        <location filename="../../gui/views/data.py" line="195" />
        <source>No datasets yet — Import…</source>
        <translation>لا توجد مجموعات بيانات بعد — استيراد…</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="197" />
        <source>No datasets in this project yet.</source>
        <translation>لا توجد مجموعات بيانات في هذا المشروع بعد.</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="229" />
        <source>recipe %1</source>
        <translation>الوصفة ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="233" />
        <source>%1 · %2 rows · %3 columns · from %4 · content hash %5</source>
        <translation>‏⁨%1⁩ · ⁨%2⁩ صفًا · ⁨%3⁩ عمودًا · المصدر ⁨%4⁩ · بصمة المحتوى ⁨%5⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="245" />
        <source>Decrypting %1</source>
        <translation>فك تشفير ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="252" />
        <source>Reading the lineage</source>
        <translation>قراءة النَّسَب</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="270" />
        <source>Masked for your role: %1</source>
        <translation>مُقنَّعة لدورك: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="291" />
        <source>Reading users</source>
        <translation>قراءة المستخدمين</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="304" />
        <source>Saved project %1.</source>
        <translation>تم حفظ المشروع ⁨%1⁩.</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="321" />
        <source>%1 is the same data as an existing version.</source>
        <translation>‏⁨%1⁩ هي البيانات نفسها لنسخة موجودة.</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="323" />
        <source>Imported %1.</source>
        <translation>تم استيراد ⁨%1⁩.</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="330" />
        <source>Possible sensitive attributes: %1 — tag them in the Privacy tab (sensitive, or not sensitive to dismiss).</source>
        <translation>سمات قد تكون حسّاسة: ⁨%1⁩ — وسِمها في تبويب الخصوصية (حسّاس، أو غير حسّاس للتجاهل).</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="346" />
        <source>Export a decrypted copy</source>
        <translation>تصدير نسخة مفكوكة التشفير</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="356" />
        <source>Exporting %1</source>
        <translation>تصدير ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/data.py" line="361" />
        <source>Wrote %1 (decrypted; recorded in the audit log).</source>
        <translation>كُتب ⁨%1⁩ (مفكوك التشفير؛ مسجَّل في سجل التدقيق).</translation>
    </message>
</context>
<context>
    <name>DecideDialog</name>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="263" />
        <source>Decide on %1</source>
        <translation>القرار بشأن ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="264" />
        <source>&amp;Approve</source>
        <translation>موافقة</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="271" />
        <source>Requested by %1 on %2</source>
        <translation>طلبه ⁨%1⁩ في ⁨%2⁩</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="284" />
        <source>R&amp;eason (signed with the decision):</source>
        <translation>السبب (يُوقَّع مع القرار):</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="285" />
        <source>Your &amp;password:</source>
        <translation>كلمة المرور:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="287" />
        <source>Re&amp;ject</source>
        <translation>رفض</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="322" />
        <source>Recording the decision</source>
        <translation>تسجيل القرار</translation>
    </message>
</context>
<context>
    <name>DpiaPanel</name>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="48" />
        <source>Processing</source>
        <translation>المعالجة</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="49" />
        <source>Purposes and legal basis</source>
        <translation>الأغراض والأساس النظامي</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="50" />
        <source>Necessity and proportionality</source>
        <translation>الضرورة والتناسب</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="51" />
        <source>Data subjects</source>
        <translation>أصحاب البيانات</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="52" />
        <source>Special categories of data</source>
        <translation>الفئات الخاصة من البيانات</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="53" />
        <source>Automated decisions</source>
        <translation>القرارات الآلية</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="54" />
        <source>Risks to data subjects</source>
        <translation>المخاطر على أصحاب البيانات</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="55" />
        <source>Measures against the risks</source>
        <translation>تدابير مواجهة المخاطر</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="56" />
        <source>Retention and destruction</source>
        <translation>الاحتفاظ والإتلاف</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="57" />
        <source>Transfers</source>
        <translation>النقل</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="58" />
        <source>Residual risk</source>
        <translation>المخاطر المتبقية</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="59" />
        <source>Data protection officer's advice</source>
        <translation>رأي مسؤول حماية البيانات</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="60" />
        <source>Views of data subjects</source>
        <translation>آراء أصحاب البيانات</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="61" />
        <source>Signed off by</source>
        <translation>المعتمِد</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="64" />
        <source>low</source>
        <translation>منخفض</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="64" />
        <source>medium</source>
        <translation>متوسط</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="64" />
        <source>high</source>
        <translation>مرتفع</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="72" />
        <source>(not answered)</source>
        <translation>(دون إجابة)</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="93" />
        <source>&amp;Save as a new version</source>
        <translation>&amp;حفظ كإصدار جديد</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="97" />
        <source>* required for a complete DPIA. Hover over a question for its full text and legal source.</source>
        <translation>* مطلوب لاكتمال تقييم الأثر. مرّر المؤشر فوق السؤال لقراءة نصه الكامل ومصدره النظامي.</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="105" />
        <source>Reading the DPIA…</source>
        <translation>جارٍ قراءة تقييم الأثر…</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="109" />
        <source>Ve&amp;rsions</source>
        <translation>&amp;الإصدارات</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="124" />
        <source>Your role may read the DPIA, not change it.</source>
        <translation>يتيح لك دورك قراءة تقييم الأثر لا تغييره.</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="138" />
        <source>Reading the DPIA</source>
        <translation>قراءة تقييم الأثر</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="152" />
        <location filename="../../gui/views/governance_privacy.py" line="188" />
        <source>complete</source>
        <translation>مكتمل</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="154" />
        <source>%1 missing</source>
        <translation>ناقص ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="157" />
        <source>Version %1: %2</source>
        <translation>الإصدار ⁨%1⁩: ⁨%2⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="170" />
        <source>Project %1 has no DPIA yet. Answer the questions and save the first version.</source>
        <translation>ليس للمشروع ⁨%1⁩ تقييم أثر بعد. أجب عن الأسئلة واحفظ الإصدار الأول.</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="181" />
        <source>Version %1 of %2, saved by %3 on %4</source>
        <translation>الإصدار ⁨%1⁩ من ⁨%2⁩، حفظه ⁨%3⁩ في ⁨%4⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="190" />
        <source>incomplete, missing: %1</source>
        <translation>غير مكتمل، ينقصه: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="194" />
        <source>%1: %2. SHA-256 %3…</source>
        <translation>‏⁨%1⁩: ⁨%2⁩. SHA-256 ⁨%3⁩…</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_privacy.py" line="219" />
        <source>Saving the DPIA</source>
        <translation>حفظ تقييم الأثر</translation>
    </message>
</context>
<context>
    <name>DriftAnalysis</name>
    <message>
        <location filename="../../gui/views/monitoring_analysis.py" line="45" />
        <source>Comparing %1 with %2</source>
        <translation>مقارنة ⁨%1⁩ بـ ⁨%2⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_analysis.py" line="65" />
        <source>ok</source>
        <translation>سليم</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_analysis.py" line="65" />
        <source>warning</source>
        <translation>تحذير</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_analysis.py" line="65" />
        <source>alert</source>
        <translation>تنبيه</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_analysis.py" line="68" />
        <source>%1 of %2 columns of %3 drift against %4 (%5); dataset drift: %6 (warning at %7, alert at %8).</source>
        <translation>ينجرف ⁨%1⁩ من ⁨%2⁩ أعمدة في ⁨%3⁩ مقارنة بـ ⁨%4⁩ (⁨%5⁩)؛ انجراف مجموعة البيانات: ⁨%6⁩ (تحذير عند ⁨%7⁩، تنبيه عند ⁨%8⁩).</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_analysis.py" line="89" />
        <source>no</source>
        <translation>لا</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_analysis.py" line="120" />
        <location filename="../../gui/views/monitoring_analysis.py" line="137" />
        <source>reference</source>
        <translation>المرجع</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_analysis.py" line="128" />
        <location filename="../../gui/views/monitoring_analysis.py" line="140" />
        <source>current</source>
        <translation>الحالي</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_analysis.py" line="146" />
        <source>share of rows</source>
        <translation>نسبة الصفوف</translation>
    </message>
</context>
<context>
    <name>EntryDetails</name>
    <message>
        <location filename="../../gui/views/audit_panels.py" line="116" />
        <source>Select an entry to see all of it.</source>
        <translation>اختر قيدًا لعرضه كاملًا.</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit_panels.py" line="123" />
        <source>Verification: not run yet (use Verify).</source>
        <translation>التحقق: لم يُجرَ بعد (استخدم «التحقق من السجل»).</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit_panels.py" line="125" />
        <source>Verification: INVALID</source>
        <translation>التحقق: غير صالح</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit_panels.py" line="127" />
        <source>Verification: valid (hash, chain and signature checked)</source>
        <translation>التحقق: صالح (تم فحص البصمة والسلسلة والتوقيع)</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit_panels.py" line="129" />
        <source>Signed by key %1</source>
        <translation>موقّع بالمفتاح ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit_panels.py" line="132" />
        <source>Not signed: a failed login unlocks no key, so nobody vouches for this entry; the next signed entry adopts it</source>
        <translation>غير موقَّع: محاولة الدخول الفاشلة لا تفتح أي مفتاح، فلا أحد يضمن هذا القيد؛ ويتبنّاه القيد الموقَّع التالي</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit_panels.py" line="139" />
        <source>Adopts the %1 unsigned entries directly before it</source>
        <translation>يتبنّى القيود غير الموقَّعة السابقة له مباشرةً (⁨%1⁩)</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit_panels.py" line="145" />
        <source>Content pruned after the retention period: who, what and when stay signed</source>
        <translation>حُذف المحتوى بعد انقضاء مدة الاحتفاظ: يبقى مَن فعل ماذا ومتى موقَّعًا</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit_panels.py" line="148" />
        <source>Pruned after the retention period (an entry of audit format 1: its action is gone too)</source>
        <translation>قُلِّم بعد انقضاء مدة الاحتفاظ (قيد بصيغة التدقيق 1: حُذف إجراؤه أيضًا)</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit_panels.py" line="158" />
        <source>Signature: %1</source>
        <translation>التوقيع: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit_panels.py" line="159" />
        <source>Hash: %1</source>
        <translation>البصمة: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit_panels.py" line="160" />
        <source>Previous: %1</source>
        <translation>السابق: ⁨%1⁩</translation>
    </message>
</context>
<context>
    <name>EraseDialog</name>
    <message>
        <location filename="../../gui/dialogs/erasure.py" line="24" />
        <location filename="../../gui/dialogs/erasure.py" line="65" />
        <source>Erase data subjects</source>
        <translation>محو بيانات أصحاب البيانات</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/erasure.py" line="24" />
        <source>&amp;Erase…</source>
        <translation>&amp;محو…</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/erasure.py" line="32" />
        <source>one id a line</source>
        <translation>معرِّف واحد في كل سطر</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/erasure.py" line="34" />
        <source>the request's ticket number, e.g. DSR-2026-041</source>
        <translation>رقم تذكرة الطلب، مثل DSR-2026-041</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/erasure.py" line="35" />
        <source>&amp;Dataset:</source>
        <translation>مجموعة ال&amp;بيانات:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/erasure.py" line="36" />
        <source>&amp;Id column:</source>
        <translation>&amp;عمود المعرِّف:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/erasure.py" line="37" />
        <source>&amp;Subjects' ids:</source>
        <translation>&amp;معرِّفات أصحاب البيانات:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/erasure.py" line="38" />
        <source>&amp;Request reference:</source>
        <translation>&amp;مرجع الطلب:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/erasure.py" line="61" />
        <source>Enter at least one id to erase.</source>
        <translation>أدخل معرِّفًا واحدًا على الأقل لمحوه.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/erasure.py" line="67" />
        <source>Remove the rows of %1 subjects (by %2) from %3 and every dataset made from it? Each version that held them is crypto-shredded and cannot be read again; models trained on them are flagged for retraining.</source>
        <translation>هل تريد حذف صفوف ⁨%1⁩ من أصحاب البيانات (حسب ⁨%2⁩) من ⁨%3⁩ ومن كل مجموعة بيانات مشتقة منها؟ يُتلَف تشفيريًا كل إصدار احتواها فلا يمكن قراءته مجددًا، وتُعلَّم النماذج المدرَّبة عليها لإعادة التدريب.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/erasure.py" line="93" />
        <source>Erasing %1 subjects from %2</source>
        <translation>محو ⁨%1⁩ من أصحاب البيانات من ⁨%2⁩</translation>
    </message>
</context>
<context>
    <name>ErrorPresenter</name>
    <message>
        <location filename="../../gui/errors.py" line="37" />
        <source>Airlock</source>
        <translation>Airlock</translation>
    </message>
</context>
<context>
    <name>EvidenceView</name>
    <message>
        <location filename="../../gui/views/evidence.py" line="44" />
        <source>Evidence room</source>
        <translation>غرفة الأدلة</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="52" />
        <source>&amp;Model version:</source>
        <translation>&amp;إصدار النموذج:</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="54" />
        <source>&amp;Show timeline</source>
        <translation>&amp;عرض الخط الزمني</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="56" />
        <source>E&amp;xport evidence pack…</source>
        <translation>&amp;تصدير حزمة الأدلة…</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="58" />
        <source>Ver&amp;ify a pack…</source>
        <translation>&amp;التحقق من حزمة…</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="77" />
        <source>data</source>
        <translation>البيانات</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="78" />
        <source>training</source>
        <translation>التدريب</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="79" />
        <source>registry</source>
        <translation>سجل النماذج</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="80" />
        <source>deployment</source>
        <translation>النشر</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="81" />
        <source>monitoring</source>
        <translation>المراقبة</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="82" />
        <source>governance</source>
        <translation>الحوكمة</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="86" />
        <source>Time</source>
        <translation>الوقت</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="87" />
        <source>Phase</source>
        <translation>المرحلة</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="88" />
        <source>What</source>
        <translation>الحدث</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="89" />
        <source>By</source>
        <translation>بواسطة</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="90" />
        <source>Entries</source>
        <translation>القيود</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="91" />
        <source>Verified</source>
        <translation>التحقق</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="111" />
        <source>Export this version's evidence pack, or verify a pack someone handed you: the check runs offline.</source>
        <translation>صدِّر حزمة الأدلة لهذا الإصدار، أو تحقق من حزمة سلّمك إياها أحد: يجري الفحص دون اتصال.</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="144" />
        <source>Your role may read the audit log, not export it.</source>
        <translation>يتيح لك دورك قراءة سجل التدقيق لا تصديره.</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="68" />
        <source>Pick a model version and show its timeline: every step of its life with the audit entries that record it. Double-click a step to open its entry in the Audit log.</source>
        <translation>اختر إصدار نموذج واعرض خطه الزمني: كل خطوة من حياته مع قيود التدقيق التي تسجّلها. انقر نقرًا مزدوجًا على خطوة لفتح قيدها في سجل التدقيق.</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="97" />
        <source>Double-click a step (or press Enter) to open its audit entry in the Audit log.</source>
        <translation>انقر نقرًا مزدوجًا على خطوة (أو اضغط Enter) لفتح قيد التدقيق الخاص بها في سجل التدقيق.</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="153" />
        <source>Reading user names</source>
        <translation>قراءة أسماء المستخدمين</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="171" />
        <source>Reading model versions</source>
        <translation>قراءة إصدارات النماذج</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="200" />
        <source>Show the timeline of %1.</source>
        <translation>اعرض الخط الزمني لـ ⁨%1⁩.</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="212" />
        <source>Verifying the audit log and collecting the life of %1…</source>
        <translation>جارٍ التحقق من سجل التدقيق وجمع مراحل حياة ⁨%1⁩…</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="215" />
        <source>Reading the timeline of %1</source>
        <translation>قراءة الخط الزمني لـ ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="226" />
        <source>the audit log verifies</source>
        <translation>سجل التدقيق سليم</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="228" />
        <source>the audit log does NOT verify</source>
        <translation>سجل التدقيق غير سليم</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="231" />
        <source>%1 (%2): %3 steps; %4.</source>
        <translation>‏⁨%1⁩ (⁨%2⁩): ⁨%3⁩ مرحلة؛ ⁨%4⁩.</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="239" />
        <source>Data: %1. Monitors: %2.</source>
        <translation>البيانات: ⁨%1⁩. المراقِبات: ⁨%2⁩.</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="255" />
        <source>✗ not verified</source>
        <translation>✗ لم يُتحقق منه</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="275" />
        <source>Export the evidence pack</source>
        <translation>تصدير حزمة الأدلة</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="277" />
        <location filename="../../gui/views/evidence.py" line="313" />
        <source>Evidence pack (*.zip)</source>
        <translation>حزمة الأدلة (*.zip)</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="285" />
        <source>Exporting the evidence pack of %1</source>
        <translation>تصدير حزمة الأدلة لـ ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="297" />
        <source>Wrote %1 (%2 bytes): %3 steps, %4 audit entries, the log %5. Manifest SHA-256 %6. Give the auditor the log key fingerprint %7 separately.</source>
        <translation>كُتب ⁨%1⁩ (⁨%2⁩ بايت): ⁨%3⁩ مرحلة، ⁨%4⁩ قيد تدقيق، والسجل ⁨%5⁩. بصمة SHA-256 للبيان ⁨%6⁩. سلّم المدقق بصمة مفتاح السجل ⁨%7⁩ بقناة منفصلة.</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="304" />
        <source>verifies</source>
        <translation>سليم</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="304" />
        <source>does NOT verify</source>
        <translation>غير سليم</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="313" />
        <source>An evidence pack to verify</source>
        <translation>حزمة أدلة للتحقق منها</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="320" />
        <source>Verifying %1…</source>
        <translation>جارٍ التحقق من ⁨%1⁩…</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="322" />
        <source>Verifying the evidence pack %1</source>
        <translation>التحقق من حزمة الأدلة ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="330" />
        <source>VALID</source>
        <translation>صالحة</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="330" />
        <source>INVALID</source>
        <translation>غير صالح</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="332" />
        <source>%1: %2. %3</source>
        <translation>‏⁨%1⁩: ⁨%2⁩. ⁨%3⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/evidence.py" line="348" />
        <source>No findings: every file matches the signed manifest and every cited entry is in the signed log.</source>
        <translation>لا ملاحظات: كل ملف يطابق البيان الموقّع، وكل قيد مستشهد به موجود في السجل الموقّع.</translation>
    </message>
</context>
<context>
    <name>ExperimentsView</name>
    <message>
        <location filename="../../gui/views/experiments.py" line="40" />
        <source>Experiments</source>
        <translation>التجارب</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="47" />
        <source>&amp;New run…</source>
        <translation>تشغيل &amp;جديد…</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="49" />
        <source>&amp;Re-run</source>
        <translation>&amp;إعادة التشغيل</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="52" />
        <source>Train the selected run again from its spec and compare the metrics.</source>
        <translation>أعد تدريب التشغيل المحدد من مواصفته وقارن المقاييس.</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="55" />
        <source>E&amp;xplain a row…</source>
        <translation>&amp;تفسير صف…</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="57" />
        <source>Why the selected run's model predicts what it does for a row.</source>
        <translation>لماذا يتنبأ نموذج التشغيل المحدد بما يتنبأ به لصف ما.</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="60" />
        <source>&amp;Compare</source>
        <translation>&amp;مقارنة</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="130" />
        <source>Reading runs</source>
        <translation>قراءة التشغيلات</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="62" />
        <source>Select two or more runs (Ctrl+click) to compare them.</source>
        <translation>حدّد تشغيلين أو أكثر (Ctrl+نقر) لمقارنتها.</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="72" />
        <source>Filter runs (experiment, user, dataset, target, model, status)</source>
        <translation>تصفية التشغيلات (التجربة، المستخدم، البيانات، الهدف، النموذج، الحالة)</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="99" />
        <source>Selected run</source>
        <translation>التشغيل المحدد</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="100" />
        <source>Charts across runs</source>
        <translation>رسوم عبر التشغيلات</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="115" />
        <source>No runs yet — start one with New run…</source>
        <translation>لا تشغيلات بعد — ابدأ واحدًا عبر تشغيل جديد…</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="117" />
        <source>No runs in this project yet.</source>
        <translation>لا تشغيلات في هذا المشروع بعد.</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="209" />
        <source>Training %1 on %2</source>
        <translation>تدريب ⁨%1⁩ على ⁨%2⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="217" />
        <source>Re-running %1</source>
        <translation>إعادة تشغيل ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="238" />
        <source>Re-ran %1 as %2: identical metrics.</source>
        <translation>أُعيد تشغيل ⁨%1⁩ باسم ⁨%2⁩: المقاييس متطابقة.</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="240" />
        <source>Re-ran %1 as %2: the metrics differ (%3).</source>
        <translation>أُعيد تشغيل ⁨%1⁩ باسم ⁨%2⁩: المقاييس مختلفة (⁨%3⁩).</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="248" />
        <source>Environment differences: %1</source>
        <translation>فروق البيئة: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="254" />
        <source>Run %1 finished.</source>
        <translation>انتهى التشغيل ⁨%1⁩.</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="278" />
        <source>Run cancelled: recorded as cancelled, no model kept.</source>
        <translation>أُلغي التشغيل: سُجّل ملغى ولم يُحفظ نموذج.</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="301" />
        <source>Comparing runs</source>
        <translation>مقارنة التشغيلات</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="320" />
        <source>Explain a row</source>
        <translation>تفسير صف</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="321" />
        <source>Row of %1 (from 1):</source>
        <translation>صف من ⁨%1⁩ (بدءًا من 1):</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="332" />
        <source>Explaining row %1</source>
        <translation>تفسير الصف ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="342" />
        <source>Row %1: prediction %2 (%3 %4)</source>
        <translation>الصف ⁨%1⁩: التنبؤ ⁨%2⁩ (⁨%3⁩ ⁨%4⁩)</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="356" />
        <source>Why this prediction</source>
        <translation>لماذا هذا التنبؤ</translation>
    </message>
    <message>
        <location filename="../../gui/views/experiments.py" line="362" />
        <source>Each feature in turn set to a typical value: how far the output moves.</source>
        <translation>تُضبط كل خاصية بدورها على قيمة نموذجية: كم يتغير الناتج.</translation>
    </message>
</context>
<context>
    <name>FairnessPanel</name>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="100" />
        <source>attributes (default: the sensitive columns)</source>
        <translation>السمات (افتراضياً: الأعمدة الحساسة)</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="101" />
        <source>&amp;Assess</source>
        <translation>&amp;تقييم</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="103" />
        <source>&amp;Mitigate…</source>
        <translation>&amp;تخفيف…</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="106" />
        <source>Model version:</source>
        <translation>إصدار النموذج:</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="111" />
        <source>Pick a model version and assess it.</source>
        <translation>اختر إصدار نموذج وقيّمه.</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="115" />
        <location filename="../../gui/views/governance_fairness.py" line="129" />
        <source>Attribute</source>
        <translation>السمة</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="116" />
        <source>Group</source>
        <translation>الفئة</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="117" />
        <source>Rows</source>
        <translation>الصفوف</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="118" />
        <source>Selection rate</source>
        <translation>معدل الاختيار</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="119" />
        <source>95 % interval</source>
        <translation>فترة 95 %</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="120" />
        <source>TPR</source>
        <translation>TPR</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="121" />
        <source>FPR</source>
        <translation>FPR</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="122" />
        <source>Precision</source>
        <translation>الضبط</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="123" />
        <source>Accuracy</source>
        <translation>الدقة</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="124" />
        <source>Calibration gap</source>
        <translation>فجوة المعايرة</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="130" />
        <source>Parity difference</source>
        <translation>فرق التكافؤ</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="131" />
        <source>Parity ratio</source>
        <translation>نسبة التكافؤ</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="132" />
        <source>Equalized odds difference</source>
        <translation>فرق تكافؤ الاحتمالات</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="133" />
        <source>Equalized odds ratio</source>
        <translation>نسبة تكافؤ الاحتمالات</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="134" />
        <source>Four-fifths rule</source>
        <translation>قاعدة الأربعة أخماس</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="173" />
        <source>Reading fairness reports</source>
        <translation>قراءة تقارير العدالة</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="187" />
        <source>%1 has no fairness report yet.</source>
        <translation>لا يوجد تقرير عدالة لـ ⁨%1⁩ بعد.</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="203" />
        <source>Assessing the fairness of %1</source>
        <translation>تقييم عدالة ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="218" />
        <source>%1 (run %2 on %3), report %4 of %5 by %6: %7</source>
        <translation>‏⁨%1⁩ (التشغيل ⁨%2⁩ على ⁨%3⁩)، التقرير ⁨%4⁩ بتاريخ ⁨%5⁩ من ⁨%6⁩: ⁨%7⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="229" />
        <source>no group falls below four fifths of the highest selection rate.</source>
        <translation>لا توجد فئة دون أربعة أخماس أعلى معدل اختيار.</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="264" />
        <source>passes</source>
        <translation>تنجح</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="266" />
        <source>fails (%1)</source>
        <translation>تفشل (⁨%1⁩)</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="313" />
        <source>four fifths of the highest</source>
        <translation>أربعة أخماس الأعلى</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="320" />
        <source>selection rate</source>
        <translation>معدل الاختيار</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="322" />
        <source>mean prediction</source>
        <translation>متوسط التنبؤ</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="344" />
        <source>Assess the version first: the attributes come from its report.</source>
        <translation>قيّم الإصدار أولاً: تأتي السمات من تقريره.</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="352" />
        <source>Run %1 made: parity difference %2 → %3, accuracy %4 → %5. Register it in the Models view to promote it.</source>
        <translation>أُنشئ التشغيل ⁨%1⁩: فرق التكافؤ ⁨%2⁩ ← ⁨%3⁩، الدقة ⁨%4⁩ ← ⁨%5⁩. سجّله في عرض النماذج لترقيته.</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../gui/views/audit_panels.py" line="34" />
        <source>Anyone</source>
        <translation>أي مستخدم</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit_panels.py" line="36" />
        <source>Any action</source>
        <translation>أي إجراء</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit_panels.py" line="42" />
        <source>From</source>
        <translation>من</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit_panels.py" line="44" />
        <source>to</source>
        <translation>إلى</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit_panels.py" line="51" />
        <source>text in target or details</source>
        <translation>نص في الهدف أو التفاصيل</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit_panels.py" line="53" />
        <source>Filter</source>
        <translation>تصفية</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit_panels.py" line="55" />
        <source>Clear</source>
        <translation>مسح</translation>
    </message>
</context>
<context>
    <name>FindingsList</name>
    <message>
        <location filename="../../gui/views/audit_panels.py" line="172" />
        <source>Entries: %1 checked, %2 valid, %3 invalid. Checkpoints: %4 checked, %5 invalid.</source>
        <translation>القيود: فُحص ⁨%1⁩، صالح ⁨%2⁩، غير صالح ⁨%3⁩. نقاط التحقق: فُحص ⁨%4⁩، غير صالح ⁨%5⁩.</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit_panels.py" line="185" />
        <source>Result: VALID</source>
        <translation>النتيجة: صالح</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit_panels.py" line="187" />
        <source>Result: INVALID</source>
        <translation>النتيجة: غير صالح</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../../gui/dialogs/form.py" line="186" />
        <source>The two passwords do not match.</source>
        <translation>كلمتا المرور غير متطابقتين.</translation>
    </message>
</context>
<context>
    <name>GovernanceView</name>
    <message>
        <location filename="../../gui/views/governance.py" line="36" />
        <source>Governance</source>
        <translation>الحوكمة</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance.py" line="45" />
        <source>&amp;Fairness</source>
        <translation>&amp;العدالة</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance.py" line="46" />
        <source>Model &amp;cards</source>
        <translation>&amp;بطاقات النماذج</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance.py" line="47" />
        <source>&amp;Inventory</source>
        <translation>&amp;السجل</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance.py" line="48" />
        <source>C&amp;ompliance</source>
        <translation>&amp;الامتثال</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance.py" line="49" />
        <source>&amp;DPIA</source>
        <translation>&amp;تقييم الأثر</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance.py" line="50" />
        <source>Rete&amp;ntion</source>
        <translation>&amp;الاحتفاظ</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance.py" line="68" />
        <source>Reading model versions</source>
        <translation>قراءة إصدارات النماذج</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../gui/dialogs/import_wizard.py" line="53" />
        <source>Import a dataset</source>
        <translation>استيراد مجموعة بيانات</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/import_wizard.py" line="56" />
        <source>Choose file…</source>
        <translation>اختيار ملف…</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/import_wizard.py" line="64" />
        <location filename="../../gui/dialogs/import_wizard.py" line="67" />
        <source>detect</source>
        <translation>كشف تلقائي</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/import_wizard.py" line="73" />
        <source>File:</source>
        <translation>الملف:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/import_wizard.py" line="74" />
        <source>Dataset name:</source>
        <translation>اسم مجموعة البيانات:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/import_wizard.py" line="77" />
        <source>Encoding:</source>
        <translation>الترميز:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/import_wizard.py" line="78" />
        <source>Delimiter:</source>
        <translation>الفاصل:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/import_wizard.py" line="79" />
        <source>Lines before the header:</source>
        <translation>الأسطر قبل سطر العناوين:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/import_wizard.py" line="80" />
        <source>Sheet:</source>
        <translation>الورقة:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/import_wizard.py" line="91" />
        <source>Column</source>
        <translation>العمود</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/import_wizard.py" line="91" />
        <source>Type</source>
        <translation>النوع</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/import_wizard.py" line="106" />
        <source>Import</source>
        <translation>استيراد</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/import_wizard.py" line="129" />
        <source>Choose a file to import</source>
        <translation>اختر ملفًا لاستيراده</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/import_wizard.py" line="131" />
        <source>Data files (*.csv *.txt *.tsv *.parquet *.xlsx *.xlsm)</source>
        <translation>ملفات البيانات (*.csv *.txt *.tsv *.parquet *.xlsx *.xlsm)</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/import_wizard.py" line="167" />
        <source>Reading a preview</source>
        <translation>قراءة معاينة</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/import_wizard.py" line="178" />
        <source>Format %1 · encoding %2 · delimiter %3</source>
        <translation>الصيغة ⁨%1⁩ · الترميز ⁨%2⁩ · الفاصل ⁨%3⁩</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/import_wizard.py" line="201" />
        <source>Choose a file and a dataset name.</source>
        <translation>اختر ملفًا واسمًا لمجموعة البيانات.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/import_wizard.py" line="212" />
        <source>Importing %1</source>
        <translation>استيراد ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/import_wizard.py" line="224" />
        <source>Import cancelled; nothing was stored.</source>
        <translation>أُلغي الاستيراد؛ لم يُخزَّن شيء.</translation>
    </message>
</context>
<context>
    <name>ImportancePane</name>
    <message>
        <location filename="../../gui/views/run_importance.py" line="55" />
        <source>No importance for this run (trained without explanations).</source>
        <translation>لا أهمية محسوبة لهذا التشغيل (دُرّب دون تفسيرات).</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_importance.py" line="75" />
        <source>Permutation importance (%1)</source>
        <translation>أهمية التبديل (⁨%1⁩)</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_importance.py" line="79" />
        <source>Drop in %1 when the feature is shuffled</source>
        <translation>الانخفاض في ⁨%1⁩ عند خلط الخاصية</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_importance.py" line="107" />
        <source>Average prediction</source>
        <translation>متوسط التنبؤ</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_importance.py" line="109" />
        <source>Partial dependence: the average prediction as one feature varies</source>
        <translation>الاعتماد الجزئي: متوسط التنبؤ مع تغيّر خاصية واحدة</translation>
    </message>
</context>
<context>
    <name>InventoryPanel</name>
    <message>
        <location filename="../../gui/views/governance_inventory.py" line="33" />
        <source>Model</source>
        <translation>النموذج</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_inventory.py" line="34" />
        <source>Stage</source>
        <translation>المرحلة</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_inventory.py" line="35" />
        <source>Owner</source>
        <translation>المالك</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_inventory.py" line="36" />
        <source>Risk tier</source>
        <translation>فئة المخاطر</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_inventory.py" line="37" />
        <source>Last validation</source>
        <translation>آخر تحقق</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_inventory.py" line="38" />
        <source>Validated by</source>
        <translation>تحقق منه</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_inventory.py" line="39" />
        <source>Revalidation due</source>
        <translation>موعد إعادة التحقق</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_inventory.py" line="40" />
        <source>Open alerts</source>
        <translation>التنبيهات المفتوحة</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_inventory.py" line="41" />
        <source>Card</source>
        <translation>البطاقة</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_inventory.py" line="42" />
        <source>Needs attention</source>
        <translation>يحتاج إلى انتباه</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_inventory.py" line="53" />
        <source>Reading the model inventory</source>
        <translation>قراءة سجل النماذج</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_inventory.py" line="72" />
        <source>%1 models; %2 need attention. Revalidation is due a year after the last validation.</source>
        <translation>‏⁨%1⁩ نماذج؛ ⁨%2⁩ منها تحتاج إلى انتباه. تستحق إعادة التحقق بعد سنة من آخر تحقق.</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_inventory.py" line="86" />
        <source>never</source>
        <translation>أبداً</translation>
    </message>
</context>
<context>
    <name>JobRow</name>
    <message>
        <location filename="../../gui/widgets/jobs_panel.py" line="26" />
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/jobs_panel.py" line="51" />
        <source>done</source>
        <translation>اكتمل</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/jobs_panel.py" line="52" />
        <source>failed</source>
        <translation>فاشل</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/jobs_panel.py" line="53" />
        <source>cancelled</source>
        <translation>ملغى</translation>
    </message>
</context>
<context>
    <name>JobStrip</name>
    <message>
        <location filename="../../gui/views/base.py" line="102" />
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
</context>
<context>
    <name>JsonText</name>
    <message>
        <location filename="../../gui/widgets/json_text.py" line="21" />
        <source>Not valid JSON yet: %1</source>
        <translation>ليس JSON صالحًا بعد: ⁨%1⁩</translation>
    </message>
</context>
<context>
    <name>KeyActions</name>
    <message>
        <location filename="../../gui/views/admin_keys.py" line="27" />
        <source>Rotating the master key</source>
        <translation>تدوير المفتاح الرئيسي</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin_keys.py" line="30" />
        <source>Master key rotated: %1 data keys rewrapped, %2 key slots resealed.</source>
        <translation>تم تدوير المفتاح الرئيسي: أُعيد تغليف ⁨%1⁩ من مفاتيح البيانات وأُعيد ختم ⁨%2⁩ من خانات المفاتيح.</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin_keys.py" line="44" />
        <source>The recovery key was replaced; the old one no longer works.</source>
        <translation>استُبدل مفتاح الاسترداد؛ ولم يعد المفتاح القديم يعمل.</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin_keys.py" line="50" />
        <source>Replacing the recovery key</source>
        <translation>جارٍ استبدال مفتاح الاسترداد</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin_keys.py" line="89" />
        <source>Saving workspace settings</source>
        <translation>حفظ إعدادات مساحة العمل</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin_keys.py" line="89" />
        <source>Workspace settings saved.</source>
        <translation>تم حفظ إعدادات مساحة العمل.</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin_keys.py" line="95" />
        <source>Rotate the master key</source>
        <translation>تدوير المفتاح الرئيسي</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin_keys.py" line="97" />
        <source>Make a new master key and rewrap every object's data key? Other users must sign in again; disabled users lose access for good.</source>
        <translation>إنشاء مفتاح رئيسي جديد وإعادة تغليف مفتاح بيانات كل كائن؟ سيحتاج المستخدمون الآخرون إلى تسجيل الدخول مجددًا، ويفقد المستخدمون المعطّلون الوصول نهائيًا.</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin_keys.py" line="107" />
        <source>Replace the recovery key</source>
        <translation>استبدال مفتاح الاسترداد</translation>
    </message>
    <message>
        <location filename="../../gui/views/admin_keys.py" line="109" />
        <source>Make a new recovery key? The old one stops working at once; the new one is shown once and must be stored offline.</source>
        <translation>إنشاء مفتاح استرداد جديد؟ يتوقف المفتاح القديم عن العمل فورًا، ويُعرض الجديد مرة واحدة ويجب حفظه دون اتصال.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../gui/dialogs/login.py" line="76" />
        <source>Airlock — Sign in</source>
        <translation>Airlock — تسجيل الدخول</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="79" />
        <source>Airlock</source>
        <translation>Airlock</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="81" />
        <source>Offline MLOps workbench. Everything stays on this network.</source>
        <translation>منصة عمل غير متصلة لإدارة نماذج تعلّم الآلة. تبقى كل البيانات داخل هذه الشبكة.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="89" />
        <source>Browse…</source>
        <translation>استعراض…</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="91" />
        <source>New workspace…</source>
        <translation>مساحة عمل جديدة…</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="93" />
        <source>Open demo workspace</source>
        <translation>فتح مساحة العمل التجريبية</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="101" />
        <source>user name</source>
        <translation>اسم المستخدم</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="104" />
        <source>password</source>
        <translation>كلمة المرور</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="106" />
        <source>&amp;Workspace:</source>
        <translation>مساحة العمل:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="109" />
        <source>&amp;User:</source>
        <translation>المستخدم:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="110" />
        <source>&amp;Password:</source>
        <translation>كلمة المرور:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="121" />
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="127" />
        <location filename="../../gui/dialogs/login.py" line="255" />
        <source>Sign in</source>
        <translation>تسجيل الدخول</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="130" />
        <source>Forgot the administrator password? Use the recovery key…</source>
        <translation>نسيت كلمة مرور المسؤول؟ استخدم مفتاح الاسترداد…</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="194" />
        <source>Choose a workspace and enter your user name and password.</source>
        <translation>اختر مساحة عمل وأدخل اسم المستخدم وكلمة المرور.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="204" />
        <source>Signing in</source>
        <translation>تسجيل الدخول</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="241" />
        <source>Metadata server</source>
        <translation>خادم البيانات الوصفية</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="243" />
        <source>This workspace keeps its metadata on a PostgreSQL server. Its database password:</source>
        <translation>تحفظ مساحة العمل هذه بياناتها الوصفية على خادم PostgreSQL. كلمة مرور قاعدة البيانات:</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/dialogs/login.py" line="259" />
        <source>Wait %n s</source>
        <translation>
            <numerusform>انتظر %n ث</numerusform>
            <numerusform>انتظر %n ث</numerusform>
            <numerusform>انتظر %n ث</numerusform>
            <numerusform>انتظر %n ث</numerusform>
            <numerusform>انتظر %n ث</numerusform>
            <numerusform>انتظر %n ث</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="263" />
        <source>Open a workspace folder</source>
        <translation>فتح مجلد مساحة عمل</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="281" />
        <source>Preparing the demo workspace…</source>
        <translation>جارٍ تجهيز مساحة العمل التجريبية…</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="291" />
        <source>Preparing the demo workspace: %1</source>
        <translation>تجهيز مساحة العمل التجريبية: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="301" />
        <source>The demo was not made (cancelled); nothing was kept.</source>
        <translation>لم تُنشأ المساحة التجريبية (أُلغيت)؛ لم يُحتفظ بشيء.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="308" />
        <source>Demo users (user / password): %1</source>
        <translation>مستخدمو النسخة التجريبية (المستخدم / كلمة المرور): ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="317" />
        <source>Preparing the demo workspace</source>
        <translation>تجهيز مساحة العمل التجريبية</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="332" />
        <source>Choose the workspace to recover first.</source>
        <translation>اختر أولًا مساحة العمل المراد استردادها.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="344" />
        <source>creating the workspace</source>
        <translation>إنشاء مساحة العمل</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="347" />
        <source>adding the users</source>
        <translation>إضافة المستخدمين</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="348" />
        <source>adding the credit applications</source>
        <translation>إضافة طلبات الائتمان</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="351" />
        <source>training the demo's runs</source>
        <translation>تدريب تشغيلات العرض التجريبي</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="354" />
        <source>registering the models</source>
        <translation>تسجيل النماذج</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="357" />
        <source>watching the monthly batches</source>
        <translation>مراقبة الدفعات الشهرية</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/login.py" line="360" />
        <source>done</source>
        <translation>اكتمل</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/areas.py" line="40" />
        <source>Dashboard</source>
        <translation>لوحة المعلومات</translation>
    </message>
    <message>
        <location filename="../../gui/areas.py" line="42" />
        <source>Data</source>
        <translation>البيانات</translation>
    </message>
    <message>
        <location filename="../../gui/areas.py" line="45" />
        <source>Experiments</source>
        <translation>التجارب</translation>
    </message>
    <message>
        <location filename="../../gui/areas.py" line="51" />
        <source>Models</source>
        <translation>النماذج</translation>
    </message>
    <message>
        <location filename="../../gui/areas.py" line="57" />
        <source>Pipelines</source>
        <translation>خطوط المعالجة</translation>
    </message>
    <message>
        <location filename="../../gui/areas.py" line="63" />
        <source>Monitoring</source>
        <translation>المراقبة</translation>
    </message>
    <message>
        <location filename="../../gui/areas.py" line="69" />
        <source>Governance</source>
        <translation>الحوكمة</translation>
    </message>
    <message>
        <location filename="../../gui/areas.py" line="75" />
        <source>Evidence room</source>
        <translation>غرفة الأدلة</translation>
    </message>
    <message>
        <location filename="../../gui/areas.py" line="80" />
        <source>Audit log</source>
        <translation>سجل التدقيق</translation>
    </message>
    <message>
        <location filename="../../gui/areas.py" line="84" />
        <source>Administration</source>
        <translation>الإدارة</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="62" />
        <source>Locked. Enter your password to continue.</source>
        <translation>مقفل. أدخل كلمة المرور للمتابعة.</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="73" />
        <location filename="../../gui/main_window.py" line="290" />
        <location filename="../../gui/main_window.py" line="329" />
        <source>Jobs</source>
        <translation>المهام</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="128" />
        <source>&amp;File</source>
        <translation>ملف</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="130" />
        <source>&amp;Lock</source>
        <translation>قفل</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="132" />
        <source>&amp;Sign out</source>
        <translation>تسجيل الخروج</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="134" />
        <source>&amp;Quit</source>
        <translation>إنهاء</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="135" />
        <source>&amp;View</source>
        <translation>عرض</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="141" />
        <source>&amp;Jobs</source>
        <translation>المهام</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="142" />
        <source>&amp;Refresh</source>
        <translation>تحديث</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="143" />
        <source>&amp;Tools</source>
        <translation>أدوات</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="144" />
        <source>&amp;Preferences…</source>
        <translation>التفضيلات…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="145" />
        <source>&amp;Help</source>
        <translation>مساعدة</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="146" />
        <source>&amp;Keyboard shortcuts</source>
        <translation>اختصارات لوحة المفاتيح</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="147" />
        <source>&amp;About Airlock</source>
        <translation>حول Airlock</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="203" />
        <source>Looking for changes</source>
        <translation>البحث عن تغييرات</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="230" />
        <source>Updated %1 — changes by %2</source>
        <translation>حُدِّث ⁨%1⁩ — تغييرات أجراها ⁨%2⁩</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="240" />
        <source>Cannot look for changes: %1</source>
        <translation>تعذّر البحث عن تغييرات: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="247" />
        <source>Reading workspace settings</source>
        <translation>قراءة إعدادات مساحة العمل</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="263" />
        <source>Airlock — %1</source>
        <translation>Airlock — ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="264" />
        <source>User: %1</source>
        <translation>المستخدم: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="265" />
        <source>Role: %1</source>
        <translation>الدور: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="266" />
        <source>Workspace: %1</source>
        <translation>مساحة العمل: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="267" />
        <source>Locked</source>
        <translation>مقفل</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="267" />
        <source>Unlocked</source>
        <translation>غير مقفل</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="290" />
        <source>Jobs: %1 running</source>
        <translation>المهام: ⁨%1⁩ قيد التشغيل</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="328" />
        <source>Lock</source>
        <translation>قفل</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="330" />
        <source>Refresh</source>
        <translation>تحديث</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="331" />
        <source>Preferences</source>
        <translation>التفضيلات</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="332" />
        <source>Quit</source>
        <translation>إنهاء</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="334" />
        <source>Keyboard shortcuts</source>
        <translation>اختصارات لوحة المفاتيح</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="339" />
        <source>About Airlock</source>
        <translation>حول Airlock</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="341" />
        <source>Airlock %1 — an offline MLOps workbench for regulated, air-gapped networks. No data leaves this computer.</source>
        <translation>Airlock ⁨%1⁩ — منصة عمل غير متصلة لإدارة نماذج تعلّم الآلة في الشبكات المعزولة والخاضعة للتنظيم. لا تغادر أي بيانات هذا الحاسوب.</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <location filename="../../gui/views/base.py" line="57" />
        <source>Dismiss</source>
        <translation>إغلاق</translation>
    </message>
</context>
<context>
    <name>MitigateDialog</name>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="49" />
        <source>Mitigate %1</source>
        <translation>تخفيف انحياز ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="49" />
        <source>&amp;Mitigate</source>
        <translation>&amp;تخفيف</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="55" />
        <source>Thresholds per group (post-processing)</source>
        <translation>عتبات لكل فئة (معالجة لاحقة)</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="56" />
        <source>Retrain under the constraint (reduction)</source>
        <translation>إعادة التدريب تحت القيد (اختزال)</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="58" />
        <source>Demographic parity</source>
        <translation>التكافؤ الديموغرافي</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="59" />
        <source>Equalized odds</source>
        <translation>تكافؤ الاحتمالات</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="60" />
        <source>&amp;Attribute:</source>
        <translation>&amp;السمة:</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="61" />
        <source>M&amp;ethod:</source>
        <translation>&amp;الطريقة:</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="62" />
        <source>&amp;Constraint:</source>
        <translation>&amp;القيد:</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_fairness.py" line="77" />
        <source>Mitigating %1</source>
        <translation>تخفيف انحياز ⁨%1⁩</translation>
    </message>
</context>
<context>
    <name>ModelsView</name>
    <message>
        <location filename="../../gui/views/models.py" line="41" />
        <source>Models</source>
        <translation>النماذج</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="55" />
        <source>Re&amp;gister a run…</source>
        <translation>تسجيل تشغيل…</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="57" />
        <source>&amp;Stage</source>
        <translation>المرحلة</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="60" />
        <source>Move to staging</source>
        <translation>نقل إلى ما قبل الإنتاج</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="63" />
        <source>Move back to dev</source>
        <translation>إعادة إلى التطوير</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="66" />
        <source>Archive</source>
        <translation>أرشفة</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="70" />
        <source>Request &amp;production…</source>
        <translation>طلب الإنتاج…</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="73" />
        <source>&amp;Decide…</source>
        <translation>اتخاذ القرار…</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="76" />
        <source>Roll &amp;back…</source>
        <translation>استرجاع…</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="79" />
        <source>Co&amp;mpare with production…</source>
        <translation>مقارنة بالإصدار في الإنتاج…</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="82" />
        <source>S&amp;core a file…</source>
        <translation>تقييم ملف…</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="85" />
        <source>E&amp;xport bundle…</source>
        <translation>تصدير حزمة…</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="108" />
        <source>Version</source>
        <translation>الإصدار</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="109" />
        <source>Stage</source>
        <translation>المرحلة</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="110" />
        <source>Run</source>
        <translation>التشغيل</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="111" />
        <source>Registered by</source>
        <translation>سجّله</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="112" />
        <source>Primary metric</source>
        <translation>المقياس الرئيسي</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="158" />
        <source>Reading models</source>
        <translation>قراءة النماذج</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="185" />
        <source>production: %1</source>
        <translation>الإنتاج: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="187" />
        <source>no production</source>
        <translation>لا إصدار في الإنتاج</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="191" />
        <source>%1 awaiting approval</source>
        <translation>‏⁨%1⁩ بانتظار الموافقة</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="133" />
        <source>No registered models in this project yet — register a finished run with Register a run….</source>
        <translation>لا توجد نماذج مسجلة في هذا المشروع بعد — سجّل تشغيلًا منتهيًا عبر «تسجيل تشغيل…».</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="229" />
        <source>imported</source>
        <translation>مستورد</translation>
    </message>
    <message>
        <location filename="../../gui/views/models.py" line="275" />
        <source>Reading %1</source>
        <translation>قراءة ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="70" />
        <source>pass</source>
        <translation>ناجح</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="70" />
        <source>FAIL</source>
        <translation>راسب</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="106" />
        <source>Trained by %1 (run %2) on %3; registered by %4 on %5</source>
        <translation>درّبه ⁨%1⁩ (التشغيل ⁨%2⁩) على ⁨%3⁩؛ سجّله ⁨%4⁩ في ⁨%5⁩</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="118" />
        <source>Model SHA-256</source>
        <translation>بصمة SHA-256 للنموذج</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="123" />
        <source>Imported from bundle %1 (%2 of workspace %3), signed by key %4</source>
        <translation>مستورد من الحزمة ⁨%1⁩ (⁨%2⁩ من مساحة العمل ⁨%3⁩)، موقّع بالمفتاح ⁨%4⁩</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="138" />
        <source>Approval</source>
        <translation>الموافقة</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="143" />
        <source>Served at %1 (%2): %3 requests/min, %4 errors</source>
        <translation>يُخدَم على ⁨%1⁩ (⁨%2⁩): ⁨%3⁩ طلب/دقيقة، أخطاء ⁨%4⁩</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="153" />
        <source>requested by %1 on %2</source>
        <translation>طلبه ⁨%1⁩ في ⁨%2⁩</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="159" />
        <source>Awaiting approval</source>
        <translation>بانتظار الموافقة</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="165" />
        <source>Gates for %1</source>
        <translation>بوابات المرحلة ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="175" />
        <source>No gates apply to %1.</source>
        <translation>لا تنطبق أي بوابات على ⁨%1⁩.</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="178" />
        <source>Metrics</source>
        <translation>المقاييس</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="187" />
        <source>Input signature</source>
        <translation>توقيع المدخلات</translation>
    </message>
</context>
<context>
    <name>MonitorDialog</name>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="50" />
        <source>New monitor</source>
        <translation>مراقِب جديد</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="50" />
        <source>&amp;Add monitor</source>
        <translation>إ&amp;ضافة المراقِب</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="55" />
        <source>e.g. credit-inputs</source>
        <translation>مثلًا credit-inputs</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="59" />
        <source>The version the batches are compared with, usually the training data.</source>
        <translation>الإصدار الذي تُقارن به الدفعات، وهو عادةً بيانات التدريب.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="64" />
        <source>The dataset whose newest version is checked each time the monitor runs.</source>
        <translation>مجموعة البيانات التي يُفحص أحدث إصدار منها في كل تشغيل للمراقِب.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="71" />
        <source>Only when run by hand</source>
        <translation>يدويًا فقط</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="72" />
        <source>Every hour</source>
        <translation>كل ساعة</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="73" />
        <source>Every day</source>
        <translation>كل يوم</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="74" />
        <source>Every week</source>
        <translation>كل أسبوع</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="75" />
        <source>Every 30 days</source>
        <translation>كل 30 يومًا</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="84" />
        <source>warning at</source>
        <translation>تحذير عند</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="84" />
        <source>alert at</source>
        <translation>تنبيه عند</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="87" />
        <source>of the columns drifting</source>
        <translation>من الأعمدة المنجرفة</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="89" />
        <source>&amp;Name:</source>
        <translation>الاسم:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="90" />
        <source>&amp;Reference:</source>
        <translation>ال&amp;مرجع:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="91" />
        <source>&amp;Checks new batches of:</source>
        <translation>&amp;يفحص الدفعات الجديدة من:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="94" />
        <source>C&amp;olumns:</source>
        <translation>الأ&amp;عمدة:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="96" />
        <source>None ticked: every column of the reference.</source>
        <translation>إن لم يُحدَّد أي عمود: كل أعمدة المرجع.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="100" />
        <source>&amp;Date column:</source>
        <translation>عمود ال&amp;تاريخ:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="102" />
        <source>Optional: each row's date, so the trend shows batches on a time axis.</source>
        <translation>اختياري: تاريخ كل صف، ليعرض الاتجاه الدفعات على محور زمني.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="104" />
        <source>&amp;Schedule:</source>
        <translation>ال&amp;جدولة:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="105" />
        <source>&amp;Levels:</source>
        <translation>ال&amp;مستويات:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="146" />
        <source>none</source>
        <translation>لا شيء</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/monitor.py" line="182" />
        <source>Adding the monitor %1</source>
        <translation>إضافة المراقِب ⁨%1⁩</translation>
    </message>
</context>
<context>
    <name>Monitoring</name>
    <message>
        <location filename="../../gui/views/dashboard_data.py" line="108" />
        <location filename="../../gui/views/monitoring_panels.py" line="42" />
        <source>ok</source>
        <translation>سليم</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard_data.py" line="109" />
        <location filename="../../gui/views/monitoring_panels.py" line="43" />
        <source>warning</source>
        <translation>تحذير</translation>
    </message>
    <message>
        <location filename="../../gui/views/dashboard_data.py" line="110" />
        <location filename="../../gui/views/monitoring_panels.py" line="44" />
        <source>alert</source>
        <translation>تنبيه</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="45" />
        <source>open</source>
        <translation>مفتوح</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="46" />
        <source>acknowledged</source>
        <translation>تم الإقرار</translation>
    </message>
</context>
<context>
    <name>MonitoringView</name>
    <message>
        <location filename="../../gui/views/monitoring.py" line="47" />
        <source>Monitoring</source>
        <translation>المراقبة</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="60" />
        <source>&amp;New monitor…</source>
        <translation>مراقِب &amp;جديد…</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="63" />
        <source>&amp;Run monitors now</source>
        <translation>تشغيل المراقِبات الآن</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="74" />
        <source>No monitors yet — a monitor checks each new batch of a dataset for drift.</source>
        <translation>لا توجد مراقِبات بعد — يفحص المراقِب كل دفعة جديدة من مجموعة البيانات بحثًا عن الانجراف.</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="76" />
        <source>No monitors yet. An analyst or an administrator adds them.</source>
        <translation>لا توجد مراقِبات بعد. يضيفها المحلل أو المسؤول.</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="84" />
        <source>&amp;Compare</source>
        <translation>&amp;مقارنة</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="87" />
        <source>Reference:</source>
        <translation>المرجع:</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="89" />
        <source>Current:</source>
        <translation>الحالي:</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="97" />
        <source>Column</source>
        <translation>العمود</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="98" />
        <source>Test</source>
        <translation>الاختبار</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="99" />
        <source>Value</source>
        <translation>القيمة</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="100" />
        <source>p</source>
        <translation>p</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="102" />
        <source>Drift</source>
        <translation>الانجراف</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="116" />
        <source>Raised</source>
        <translation>وقت الإطلاق</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="117" />
        <source>Monitor</source>
        <translation>المراقِب</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="118" />
        <source>Level</source>
        <translation>المستوى</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="119" />
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="120" />
        <source>Message</source>
        <translation>الرسالة</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="127" />
        <source>&amp;Acknowledge…</source>
        <translation>إقرار…</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="152" />
        <location filename="../../gui/views/monitoring.py" line="251" />
        <source>A&amp;lerts</source>
        <translation>الت&amp;نبيهات</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="249" />
        <source>A&amp;lerts (%1 open)</source>
        <translation>الت&amp;نبيهات (⁨%1⁩ مفتوحة)</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="254" />
        <source>No alerts in this project.</source>
        <translation>لا توجد تنبيهات في هذا المشروع.</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="256" />
        <source>%1 open, %2 acknowledged.</source>
        <translation>‏⁨%1⁩ مفتوحة، ⁨%2⁩ مُقَرّ بها.</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="309" />
        <source>Added the monitor %1. Run monitors now checks the newest batch.</source>
        <translation>أُضيف المراقِب ⁨%1⁩. يفحص «تشغيل المراقِبات الآن» أحدث دفعة.</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="149" />
        <source>Tr&amp;end</source>
        <translation>&amp;الاتجاه</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="150" />
        <source>&amp;Drift analysis</source>
        <translation>&amp;تحليل الانحراف</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="151" />
        <source>&amp;Performance</source>
        <translation>&amp;الأداء</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="182" />
        <source>Reading monitors</source>
        <translation>قراءة المراقِبات</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="340" />
        <source>Nothing new to check.</source>
        <translation>لا جديد للفحص.</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="345" />
        <source>Running monitors</source>
        <translation>تشغيل المراقِبات</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="362" />
        <source>Acknowledge an alert</source>
        <translation>إقرار تنبيه</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="362" />
        <source>Note (what will be done):</source>
        <translation>ملاحظة (ما الذي سيُفعل):</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="368" />
        <source>Acknowledging</source>
        <translation>الإقرار</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring.py" line="376" />
        <source>Acknowledged %1.</source>
        <translation>تم إقرار ⁨%1⁩.</translation>
    </message>
</context>
<context>
    <name>NewRunDialog</name>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="62" />
        <source>New run</source>
        <translation>تشغيل جديد</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="79" />
        <source>The class the scores, recall and precision are about (detected: 1, yes, true, else the rarer).</source>
        <translation>الفئة التي تخصها الدرجات والاستدعاء والضبط (المكتشفة: 1 أو yes أو true، وإلا الأندر).</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="85" />
        <source>detect from the target</source>
        <translation>تحديد من الهدف</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="98" />
        <source>Tag &amp;sensitive</source>
        <translation>وسم حساس</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="100" />
        <source>Training leaves them out; fairness checks group by them.</source>
        <translation>يستبعدها التدريب، وتُجمَّع فحوص الإنصاف حسبها.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="103" />
        <source>N&amp;ot sensitive</source>
        <translation>غير حساس</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="105" />
        <source>Keep them as features; the decision is recorded in the audit log.</source>
        <translation>إبقاؤها خصائص؛ ويُسجَّل القرار في سجل التدقيق.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="115" />
        <location filename="../../gui/dialogs/new_run.py" line="128" />
        <source>none</source>
        <translation>لا شيء</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="116" />
        <source>Choose…</source>
        <translation>اختيار…</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="125" />
        <source>Hyperparameters</source>
        <translation>المعاملات الفائقة</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="127" />
        <source>Weight classes to balance them</source>
        <translation>وزن الفئات لموازنتها</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="130" />
        <source>default for the task</source>
        <translation>الافتراضي للمهمة</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="140" />
        <source>no search</source>
        <translation>دون بحث</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="150" />
        <source>Data</source>
        <translation>البيانات</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="152" />
        <source>&amp;Experiment:</source>
        <translation>ال&amp;تجربة:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="153" />
        <source>&amp;Dataset:</source>
        <translation>مجموعة ال&amp;بيانات:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="154" />
        <source>&amp;Target:</source>
        <translation>اله&amp;دف:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="155" />
        <source>Tas&amp;k:</source>
        <translation>الم&amp;همة:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="156" />
        <source>&amp;Positive class:</source>
        <translation>الفئة الإيجابية:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="157" />
        <source>&amp;Features:</source>
        <translation>ال&amp;خصائص:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="160" />
        <source>Recipe:</source>
        <translation>الوصفة:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="161" />
        <source>Model</source>
        <translation>النموذج</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="163" />
        <source>&amp;Model:</source>
        <translation>النم&amp;وذج:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="166" />
        <source>Calibration:</source>
        <translation>المعايرة:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="167" />
        <source>Validation and search</source>
        <translation>التحقق والبحث</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="169" />
        <source>&amp;Scheme:</source>
        <translation>&amp;طريقة التحقق:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="170" />
        <source>Folds:</source>
        <translation>الطيات:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="171" />
        <source>Group column:</source>
        <translation>عمود المجموعة:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="172" />
        <source>Time column:</source>
        <translation>عمود الزمن:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="173" />
        <source>Test share kept apart:</source>
        <translation>نسبة الاختبار المعزولة:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="174" />
        <source>Searc&amp;h:</source>
        <translation>ال&amp;بحث:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="175" />
        <source>Candidates (random, halving):</source>
        <translation>المرشحون (عشوائي، تنصيف):</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="176" />
        <source>Optimise:</source>
        <translation>التحسين وفق:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="177" />
        <source>Seed:</source>
        <translation>البذرة:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="196" />
        <source>Start</source>
        <translation>ابدأ</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="359" />
        <source>Import a dataset first.</source>
        <translation>استورد مجموعة بيانات أولًا.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run.py" line="372" />
        <source>%1 look(s) like sensitive attributes and are features: tag them sensitive or say they are not before training.</source>
        <translation>يبدو أن ⁨%1⁩ سمات حساسة وهي خصائص: سِمها حساسة أو بيّن أنها ليست كذلك قبل التدريب.</translation>
    </message>
</context>
<context>
    <name>PasswordForm</name>
    <message>
        <location filename="../../gui/dialogs/users.py" line="26" />
        <source>OK</source>
        <translation>موافق</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/users.py" line="31" />
        <source>&amp;Password:</source>
        <translation>كلمة المرور:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/users.py" line="32" />
        <source>&amp;Repeat password:</source>
        <translation>تأكيد كلمة المرور:</translation>
    </message>
</context>
<context>
    <name>PerformancePanel</name>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="46" />
        <source>A dataset version, a window of versions (NAME@3..6, NAME@last:30d) or a file</source>
        <translation>إصدار مجموعة بيانات، أو نافذة من الإصدارات (NAME@3..6، NAME@last:30d)، أو ملف</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="49" />
        <source>labels file (optional)</source>
        <translation>ملف التسميات (اختياري)</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="50" />
        <source>&amp;Browse…</source>
        <translation>&amp;استعراض…</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="53" />
        <source>id column</source>
        <translation>عمود المعرّف</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="57" />
        <source>default</source>
        <translation>الافتراضي</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="60" />
        <source>&amp;Measure</source>
        <translation>&amp;قياس</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="65" />
        <source>Model:</source>
        <translation>النموذج:</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="66" />
        <source>Data:</source>
        <translation>البيانات:</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="70" />
        <source>Metric:</source>
        <translation>المقياس:</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="81" />
        <source>Chunk</source>
        <translation>الجزء</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="82" />
        <source>Period</source>
        <translation>الفترة</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="83" />
        <source>Rows</source>
        <translation>الصفوف</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="84" />
        <source>Labelled</source>
        <translation>المُسمّاة</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="85" />
        <source>Estimated</source>
        <translation>المُقدَّر</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="86" />
        <source>Realised</source>
        <translation>الفعلي</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="109" />
        <source>Labels file</source>
        <translation>ملف التسميات</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="109" />
        <source>Data files (*.csv *.parquet *.xlsx)</source>
        <translation>ملفات البيانات (*.csv *.parquet *.xlsx)</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="137" />
        <source>Measuring %1 on %2</source>
        <translation>قياس أداء ⁨%1⁩ على ⁨%2⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="157" />
        <source>%1 on %2 (%3 rows, %4 labelled): reference %5 %6, band %7. %8</source>
        <translation>‏⁨%1⁩ على ⁨%2⁩ (⁨%3⁩ صفاً، ⁨%4⁩ منها مُسمّاة): المرجع ⁨%5⁩ ⁨%6⁩، النطاق ⁨%7⁩. ⁨%8⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="168" />
        <source>%1 of %2 chunks outside the band, first: %3.</source>
        <translation>‏⁨%1⁩ من ⁨%2⁩ أجزاء خارج النطاق، أولها: ⁨%3⁩.</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="173" />
        <source>Every chunk is inside the band.</source>
        <translation>كل الأجزاء داخل النطاق.</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="176" />
        <source>Detectors signalled drift at chunks %1.</source>
        <translation>أشارت الكواشف إلى انحراف عند الأجزاء ⁨%1⁩.</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="212" />
        <source>reference ±3σ</source>
        <translation>المرجع ±3σ</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="219" />
        <source>estimated (CBPE)</source>
        <translation>المُقدَّر (CBPE)</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="227" />
        <source>realised</source>
        <translation>الفعلي</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_performance.py" line="233" />
        <source>chunk</source>
        <translation>الجزء</translation>
    </message>
</context>
<context>
    <name>PipelinesView</name>
    <message>
        <location filename="../../gui/views/pipelines.py" line="56" />
        <source>Pipelines</source>
        <translation>خطوط المعالجة</translation>
    </message>
    <message>
        <location filename="../../gui/views/pipelines.py" line="64" />
        <source>&amp;Add definition…</source>
        <translation>إضافة تعريف…</translation>
    </message>
    <message>
        <location filename="../../gui/views/pipelines.py" line="67" />
        <source>&amp;Run now</source>
        <translation>التشغيل الآن</translation>
    </message>
    <message>
        <location filename="../../gui/views/pipelines.py" line="70" />
        <source>Run on a &amp;file…</source>
        <translation>التشغيل على ملف…</translation>
    </message>
    <message>
        <location filename="../../gui/views/pipelines.py" line="73" />
        <source>Check &amp;inbox and schedules</source>
        <translation>فحص صندوق الوارد والجداول</translation>
    </message>
    <message>
        <location filename="../../gui/views/pipelines.py" line="87" />
        <source>Run</source>
        <translation>التشغيل</translation>
    </message>
    <message>
        <location filename="../../gui/views/pipelines.py" line="88" />
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../gui/views/pipelines.py" line="89" />
        <source>Trigger</source>
        <translation>المشغّل</translation>
    </message>
    <message>
        <location filename="../../gui/views/pipelines.py" line="90" />
        <source>Started</source>
        <translation>البدء</translation>
    </message>
    <message>
        <location filename="../../gui/views/pipelines.py" line="91" />
        <source>By</source>
        <translation>بواسطة</translation>
    </message>
    <message>
        <location filename="../../gui/views/pipelines.py" line="143" />
        <source>Reading pipelines</source>
        <translation>قراءة خطوط المعالجة</translation>
    </message>
    <message>
        <location filename="../../gui/views/pipelines.py" line="119" />
        <source>No pipelines in this project yet — Add definition… reads a pipeline file (docs/pipelines.md shows the format).</source>
        <translation>لا توجد خطوط معالجة في هذا المشروع بعد — «إضافة تعريف…» يقرأ ملف خط معالجة (يشرح docs/pipelines.md الصيغة).</translation>
    </message>
    <message>
        <location filename="../../gui/views/pipelines.py" line="239" />
        <source>error: %1</source>
        <translation>خطأ: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/pipelines.py" line="242" />
        <source>(nothing logged)</source>
        <translation>(لا شيء مسجل)</translation>
    </message>
    <message>
        <location filename="../../gui/views/pipelines.py" line="267" />
        <source>Pipeline definition</source>
        <translation>تعريف خط المعالجة</translation>
    </message>
    <message>
        <location filename="../../gui/views/pipelines.py" line="273" />
        <source>Adding a pipeline</source>
        <translation>إضافة خط معالجة</translation>
    </message>
    <message>
        <location filename="../../gui/views/pipelines.py" line="130" />
        <source>%1 is at version %2.</source>
        <translation>‏⁨%1⁩ في الإصدار ⁨%2⁩.</translation>
    </message>
    <message>
        <location filename="../../gui/views/pipelines.py" line="283" />
        <source>Input file</source>
        <translation>ملف الإدخال</translation>
    </message>
    <message>
        <location filename="../../gui/views/pipelines.py" line="300" />
        <source>Running %1</source>
        <translation>تشغيل ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/pipelines.py" line="308" />
        <source>Checking the inbox and schedules</source>
        <translation>فحص صندوق الوارد والجداول</translation>
    </message>
    <message>
        <location filename="../../gui/views/pipelines.py" line="333" />
        <source>Nothing was due.</source>
        <translation>لم يكن هناك ما يستحق التشغيل.</translation>
    </message>
    <message>
        <location filename="../../gui/views/pipelines.py" line="345" />
        <source>Cancelled; the run is recorded with the steps it finished.</source>
        <translation>أُلغي؛ سُجّل التشغيل مع الخطوات التي أنهاها.</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="232" />
        <source>Added %1 by %2</source>
        <translation>أُضيف في ⁨%1⁩ بواسطة ⁨%2⁩</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="241" />
        <source>Trigger: %1</source>
        <translation>المشغّل: ⁨%1⁩</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../gui/dialogs/preferences.py" line="25" />
        <source>Preferences</source>
        <translation>التفضيلات</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/preferences.py" line="28" />
        <source>Same as the system</source>
        <translation>مثل النظام</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/preferences.py" line="29" />
        <source>Light</source>
        <translation>فاتح</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/preferences.py" line="30" />
        <source>Dark</source>
        <translation>داكن</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/preferences.py" line="36" />
        <source> min</source>
        <translation> دقيقة</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/preferences.py" line="43" />
        <source>&amp;Theme:</source>
        <translation>المظهر:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/preferences.py" line="44" />
        <source>&amp;Lock after idle:</source>
        <translation>القفل بعد الخمول:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/preferences.py" line="45" />
        <source>&amp;Language:</source>
        <translation>اللغة:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/preferences.py" line="47" />
        <source>The workspace allows at most %1 minutes before locking.</source>
        <translation>تسمح مساحة العمل بحد أقصى ⁨%1⁩ دقيقة قبل القفل.</translation>
    </message>
</context>
<context>
    <name>PrivacyTab</name>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="40" />
        <source>Find personal data</source>
        <translation>البحث عن البيانات الشخصية</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="44" />
        <source>personal</source>
        <translation>شخصي</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="45" />
        <source>sensitive</source>
        <translation>حساس</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="46" />
        <source>identifier</source>
        <translation>معرِّف</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="47" />
        <source>not sensitive</source>
        <translation>غير حسّاس</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="50" />
        <source>Column</source>
        <translation>العمود</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="50" />
        <source>Looks like</source>
        <translation>يبدو أنه</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="50" />
        <source>Confidence</source>
        <translation>الثقة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="50" />
        <source>Evidence</source>
        <translation>الدليل</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="66" />
        <source>Save tags</source>
        <translation>حفظ الوسوم</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="69" />
        <source>Datasheet</source>
        <translation>صحيفة البيانات</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="72" />
        <source>Purpose</source>
        <translation>الغرض</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="73" />
        <source>Source</source>
        <translation>المصدر</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="74" />
        <source>Owner</source>
        <translation>المالك</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="75" />
        <source>Legal basis</source>
        <translation>الأساس النظامي</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="76" />
        <source>Retention period</source>
        <translation>مدة الاحتفاظ</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="77" />
        <source>Personal data</source>
        <translation>البيانات الشخصية</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="78" />
        <source>Sensitive attributes</source>
        <translation>السمات الحساسة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="79" />
        <source>Collection period</source>
        <translation>فترة الجمع</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="84" />
        <source>Save datasheet</source>
        <translation>حفظ صحيفة البيانات</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="178" />
        <source>Looking for personal data</source>
        <translation>البحث عن البيانات الشخصية</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="221" />
        <source>Saving tags</source>
        <translation>حفظ الوسوم</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="218" />
        <source>Tags saved.</source>
        <translation>تم حفظ الوسوم.</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="151" />
        <source>Suggested by the scan: save the tags to keep it.</source>
        <translation>اقترحه الفحص: احفظ الوسوم للإبقاء عليه.</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="169" />
        <source>Columns that look personal or sensitive: %1. The suggested tags are ticked: review them, then Save tags.</source>
        <translation>أعمدة تبدو شخصية أو حساسة: ⁨%1⁩. الوسوم المقترحة محددة: راجعها ثم احفظ الوسوم.</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="235" />
        <source>Saving the datasheet</source>
        <translation>حفظ صحيفة البيانات</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_privacy.py" line="237" />
        <source>Datasheet saved.</source>
        <translation>تم حفظ صحيفة البيانات.</translation>
    </message>
</context>
<context>
    <name>ProfileTab</name>
    <message>
        <location filename="../../gui/views/data_profile.py" line="106" />
        <source>Profile this version</source>
        <translation>إعداد الملف الإحصائي لهذه النسخة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="57" />
        <source>Export HTML…</source>
        <translation>تصدير HTML…</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="55" />
        <source>Profile again</source>
        <translation>إعادة إعداد الملف الإحصائي</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="68" />
        <source>Column</source>
        <translation>العمود</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="69" />
        <source>Type</source>
        <translation>النوع</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="70" />
        <source>Missing</source>
        <translation>المفقود</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="71" />
        <source>Distinct</source>
        <translation>المميز</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="72" />
        <source>Mean</source>
        <translation>المتوسط</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="74" />
        <source>Min</source>
        <translation>الأدنى</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="75" />
        <source>Max</source>
        <translation>الأعلى</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="73" />
        <source>Std</source>
        <translation>الانحراف المعياري</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="76" />
        <source>Top values</source>
        <translation>القيم الأكثر تكرارًا</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="86" />
        <location filename="../../gui/views/data_profile.py" line="131" />
        <source>Select a column to see its distribution.</source>
        <translation>اختر عمودًا لرؤية توزيعه.</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="96" />
        <source>Distribution</source>
        <translation>التوزيع</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="97" />
        <source>Correlations</source>
        <translation>الارتباطات</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="98" />
        <source>Warnings</source>
        <translation>التحذيرات</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="108" />
        <source>Select a version to see its profile.</source>
        <translation>اختر نسخة لترى ملفها الإحصائي.</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="140" />
        <source>%1 is profiled when you open this tab.</source>
        <translation>يُعدّ الملف الإحصائي لـ ⁨%1⁩ عند فتح هذا التبويب.</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="168" />
        <source>Profiling %1…</source>
        <translation>جارٍ إعداد الملف الإحصائي لـ ⁨%1⁩…</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="178" />
        <source>Profiling %1 was cancelled.</source>
        <translation>أُلغي إعداد الملف الإحصائي لـ ⁨%1⁩.</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="188" />
        <source>Profiling %1</source>
        <translation>إعداد الملف الإحصائي لـ ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="203" />
        <source>%1 rows, %2 columns</source>
        <translation>‏⁨%1⁩ صفًا، ⁨%2⁩ عمودًا</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="227" />
        <source>No warnings.</source>
        <translation>لا توجد تحذيرات.</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="228" />
        <source>Warnings (%1)</source>
        <translation>التحذيرات (⁨%1⁩)</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="266" />
        <source>%1 (%2): %3 missing, %4 distinct</source>
        <translation>‏⁨%1⁩ (⁨%2⁩): ⁨%3⁩ مفقود، ⁨%4⁩ قيمة مميزة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="274" />
        <source>mean %1, std %2, skew %3</source>
        <translation>المتوسط ⁨%1⁩، الانحراف المعياري ⁨%2⁩، الالتواء ⁨%3⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="300" />
        <source>Fewer than two numeric columns.</source>
        <translation>أقل من عمودين رقميين.</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="330" />
        <source>Save the profile</source>
        <translation>حفظ الملف الإحصائي</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="347" />
        <source>Writing the profile</source>
        <translation>كتابة الملف الإحصائي</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_profile.py" line="352" />
        <source>Wrote %1</source>
        <translation>كُتب ⁨%1⁩</translation>
    </message>
</context>
<context>
    <name>ProjectDialog</name>
    <message>
        <location filename="../../gui/dialogs/project.py" line="25" />
        <source>low</source>
        <translation>منخفض</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/project.py" line="26" />
        <source>medium</source>
        <translation>متوسط</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/project.py" line="27" />
        <source>high</source>
        <translation>مرتفع</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/project.py" line="28" />
        <source>critical</source>
        <translation>حرج</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/project.py" line="44" />
        <source>New project</source>
        <translation>مشروع جديد</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/project.py" line="46" />
        <source>Edit project %1</source>
        <translation>تعديل المشروع ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/project.py" line="51" />
        <source>Save</source>
        <translation>حفظ</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/project.py" line="78" />
        <source>&amp;Name:</source>
        <translation>الاسم:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/project.py" line="79" />
        <source>&amp;Business objective:</source>
        <translation>هدف الأ&amp;عمال:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/project.py" line="80" />
        <source>&amp;Decision supported:</source>
        <translation>القرار المد&amp;عوم:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/project.py" line="81" />
        <source>&amp;Success criteria:</source>
        <translation>معايير ال&amp;نجاح:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/project.py" line="82" />
        <source>&amp;Owner:</source>
        <translation>المال&amp;ك:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/project.py" line="83" />
        <source>&amp;Risk tier:</source>
        <translation>مستوى الم&amp;خاطر:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/project.py" line="84" />
        <source>&amp;Intended uses:</source>
        <translation>الاستخدامات الم&amp;قصودة:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/project.py" line="85" />
        <source>Ou&amp;t of scope:</source>
        <translation>خار&amp;ج النطاق:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/project.py" line="108" />
        <source>Creating project</source>
        <translation>إنشاء المشروع</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/project.py" line="115" />
        <source>Saving project</source>
        <translation>حفظ المشروع</translation>
    </message>
</context>
<context>
    <name>RecipeActions</name>
    <message>
        <location filename="../../gui/views/data_recipe_actions.py" line="34" />
        <source>Made %1.</source>
        <translation>أُنشئت ⁨%1⁩.</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe_actions.py" line="40" />
        <source>Applying the recipe</source>
        <translation>تطبيق الوصفة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe_actions.py" line="56" />
        <source>Open a recipe</source>
        <translation>فتح وصفة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe_actions.py" line="56" />
        <source>Recipes (*.toml *.json)</source>
        <translation>الوصفات (*.toml *.json)</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe_actions.py" line="65" />
        <source>Reading %1</source>
        <translation>قراءة ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe_actions.py" line="75" />
        <source>Save the recipe</source>
        <translation>حفظ الوصفة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe_actions.py" line="75" />
        <source>Recipes (*.json)</source>
        <translation>الوصفات (*.json)</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe_actions.py" line="95" />
        <source>Saving the recipe</source>
        <translation>حفظ الوصفة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe_actions.py" line="100" />
        <source>Saved %1.</source>
        <translation>تم حفظ ⁨%1⁩.</translation>
    </message>
</context>
<context>
    <name>RecipeFields</name>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="14" />
        <source>Columns:</source>
        <translation>الأعمدة:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="15" />
        <source>Column:</source>
        <translation>العمود:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="16" />
        <source>New names:</source>
        <translation>الأسماء الجديدة:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="17" />
        <source>Condition:</source>
        <translation>الشرط:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="18" />
        <source>Value:</source>
        <translation>القيمة:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="19" />
        <source>Convert to:</source>
        <translation>التحويل إلى:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="20" />
        <source>Date parts:</source>
        <translation>أجزاء التاريخ:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="21" />
        <source>Drop the date column</source>
        <translation>حذف عمود التاريخ</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="22" />
        <source>Strategy:</source>
        <translation>الطريقة:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="23" />
        <source>Method:</source>
        <translation>الأسلوب:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="24" />
        <source>Bins:</source>
        <translation>عدد الفئات:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="25" />
        <source>Lower quantile:</source>
        <translation>المئين الأدنى:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="26" />
        <source>Upper quantile:</source>
        <translation>المئين الأعلى:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="27" />
        <source>Lower bound:</source>
        <translation>الحد الأدنى:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="28" />
        <source>Upper bound:</source>
        <translation>الحد الأعلى:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="29" />
        <source>Band width:</source>
        <translation>عرض الشريحة:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="30" />
        <source>Date unit:</source>
        <translation>وحدة التاريخ:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="31" />
        <source>Keep last characters:</source>
        <translation>إبقاء آخر الأحرف:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="32" />
        <source>Test share:</source>
        <translation>نسبة الاختبار:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="33" />
        <source>Validation share:</source>
        <translation>نسبة التحقق:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="34" />
        <source>Stratify by:</source>
        <translation>التقسيم الطبقي حسب:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="35" />
        <source>Seed:</source>
        <translation>البذرة:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="36" />
        <source>Label column:</source>
        <translation>عمود التسمية:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="43" />
        <source>Keep columns</source>
        <translation>إبقاء أعمدة</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="44" />
        <source>Drop columns</source>
        <translation>حذف أعمدة</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="45" />
        <source>Rename columns</source>
        <translation>إعادة تسمية أعمدة</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="46" />
        <source>Filter rows</source>
        <translation>تصفية الصفوف</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="47" />
        <source>Change type</source>
        <translation>تغيير النوع</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="48" />
        <source>Date parts</source>
        <translation>أجزاء التاريخ</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="49" />
        <source>Remove duplicates</source>
        <translation>إزالة التكرارات</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="50" />
        <source>Fill missing values</source>
        <translation>ملء القيم المفقودة</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="51" />
        <source>Encode categories</source>
        <translation>ترميز الفئات</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="52" />
        <source>Scale numbers</source>
        <translation>تحجيم الأرقام</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="53" />
        <source>Bin into ranges</source>
        <translation>تقسيم إلى نطاقات</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="54" />
        <source>Clip outliers</source>
        <translation>قص القيم الشاذة</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="55" />
        <source>Mask personal data</source>
        <translation>إخفاء البيانات الشخصية</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="56" />
        <source>Split train/test</source>
        <translation>تقسيم تدريب/اختبار</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="63" />
        <source>mean</source>
        <translation>المتوسط</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="64" />
        <source>median</source>
        <translation>الوسيط</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="65" />
        <source>most frequent</source>
        <translation>الأكثر تكرارًا</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="66" />
        <source>a constant</source>
        <translation>قيمة ثابتة</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="67" />
        <source>one-hot</source>
        <translation>ترميز أحادي (one-hot)</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="68" />
        <source>ordinal</source>
        <translation>ترتيبي</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="69" />
        <source>standard (z-score)</source>
        <translation>معياري (z-score)</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="70" />
        <source>min–max</source>
        <translation>الأدنى–الأعلى</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="71" />
        <source>robust (median, IQR)</source>
        <translation>متين (الوسيط، المدى الربيعي)</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="72" />
        <source>equal width</source>
        <translation>عرض متساوٍ</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="73" />
        <source>equal counts (quantiles)</source>
        <translation>أعداد متساوية (مئينات)</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="74" />
        <source>whole number</source>
        <translation>عدد صحيح</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="75" />
        <source>decimal number</source>
        <translation>عدد عشري</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="76" />
        <source>text</source>
        <translation>نص</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="77" />
        <source>true/false</source>
        <translation>صح/خطأ</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="78" />
        <source>date/time</source>
        <translation>تاريخ/وقت</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="79" />
        <source>drop the column</source>
        <translation>حذف العمود</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="80" />
        <source>keyed hash</source>
        <translation>بصمة بمفتاح</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="81" />
        <source>generalise</source>
        <translation>تعميم</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="82" />
        <source>redact</source>
        <translation>حجب</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="83" />
        <source>year</source>
        <translation>السنة</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="84" />
        <source>month</source>
        <translation>الشهر</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="85" />
        <source>day</source>
        <translation>اليوم</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="86" />
        <source>day of week</source>
        <translation>يوم الأسبوع</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="87" />
        <source>quarter</source>
        <translation>الربع</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="88" />
        <source>hour</source>
        <translation>الساعة</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="89" />
        <source>is missing</source>
        <translation>مفقودة</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="90" />
        <source>is not missing</source>
        <translation>غير مفقودة</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="91" />
        <source>is one of</source>
        <translation>إحدى القيم</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="92" />
        <source>is none of</source>
        <translation>ليست أيًّا من القيم</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="138" />
        <source>(not a step)</source>
        <translation>(ليست خطوة)</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="153" />
        <source>test %1, validation %2</source>
        <translation>الاختبار ⁨%1⁩، التحقق ⁨%2⁩</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_words.py" line="157" />
        <source>(no op)</source>
        <translation>(بلا عملية)</translation>
    </message>
</context>
<context>
    <name>RecipeRuns</name>
    <message>
        <location filename="../../gui/views/data_recipe_run.py" line="31" />
        <location filename="../../gui/views/data_recipe_run.py" line="83" />
        <source>No preview: the recipe stops at a step.</source>
        <translation>لا معاينة: تتوقف الوصفة عند إحدى الخطوات.</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe_run.py" line="57" />
        <source>Previewing…</source>
        <translation>جارٍ المعاينة…</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe_run.py" line="60" />
        <source>Previewing the recipe</source>
        <translation>معاينة الوصفة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe_run.py" line="75" />
        <source>Preview of the first %1 rows: %2 rows, %3 columns.</source>
        <translation>معاينة أول ⁨%1⁩ صف: ⁨%2⁩ صفًا، ⁨%3⁩ عمودًا.</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe_run.py" line="94" />
        <source>The recipe that made %1.</source>
        <translation>الوصفة التي أنشأت ⁨%1⁩.</translation>
    </message>
</context>
<context>
    <name>RecipeTab</name>
    <message>
        <location filename="../../gui/views/data_recipe.py" line="156" />
        <source>Preview</source>
        <translation>معاينة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe.py" line="151" />
        <source>new dataset name (default: the same)</source>
        <translation>اسم مجموعة بيانات جديدة (الافتراضي: نفسها)</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe.py" line="84" />
        <source>&amp;Name:</source>
        <translation>الاسم:</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe.py" line="98" />
        <source>&amp;Add step</source>
        <translation>إضافة خطوة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe.py" line="103" />
        <source>&amp;Remove</source>
        <translation>إزالة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe.py" line="105" />
        <source>&amp;Up</source>
        <translation>لأعلى</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe.py" line="107" />
        <source>Do&amp;wn</source>
        <translation>لأسفل</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe.py" line="141" />
        <source>Steps</source>
        <translation>الخطوات</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe.py" line="142" />
        <source>Advanced (JSON)</source>
        <translation>متقدم (JSON)</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe.py" line="145" />
        <source>Add steps: the first rows show the result.</source>
        <translation>أضف خطوات: تعرض الصفوف الأولى النتيجة.</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe.py" line="154" />
        <source>Apply: make a new version</source>
        <translation>تطبيق: إنشاء نسخة جديدة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe.py" line="75" />
        <source>Open…</source>
        <translation>فتح…</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe.py" line="77" />
        <source>Save…</source>
        <translation>حفظ…</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe.py" line="79" />
        <source>This version's recipe</source>
        <translation>وصفة هذه النسخة</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe.py" line="204" />
        <source>The recipe is not valid JSON: %1</source>
        <translation>الوصفة ليست JSON صالحًا: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/data_recipe.py" line="223" />
        <source>A recipe is an object with a name and steps.</source>
        <translation>الوصفة كائن له اسم وخطوات.</translation>
    </message>
</context>
<context>
    <name>RecoverDialog</name>
    <message>
        <location filename="../../gui/dialogs/recovery.py" line="83" />
        <source>Reset an administrator password</source>
        <translation>إعادة تعيين كلمة مرور مسؤول</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/recovery.py" line="87" />
        <source>Workspace: %1</source>
        <translation>مساحة العمل: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/recovery.py" line="94" />
        <source>&amp;Administrator:</source>
        <translation>المسؤول:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/recovery.py" line="95" />
        <source>Recovery &amp;key:</source>
        <translation>مفتاح الاسترداد:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/recovery.py" line="96" />
        <source>&amp;New password:</source>
        <translation>كلمة المرور الجديدة:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/recovery.py" line="97" />
        <source>&amp;Repeat password:</source>
        <translation>تأكيد كلمة المرور:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/recovery.py" line="100" />
        <source>The administrator gets new signing keys; the reset is recorded in the audit log, signed by the recovery key.</source>
        <translation>يحصل المسؤول على مفاتيح توقيع جديدة، وتُسجَّل إعادة التعيين في سجل التدقيق موقّعةً بمفتاح الاسترداد.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/recovery.py" line="83" />
        <source>Reset</source>
        <translation>إعادة تعيين</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/recovery.py" line="117" />
        <source>Resetting the password</source>
        <translation>إعادة تعيين كلمة المرور</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyDialog</name>
    <message>
        <location filename="../../gui/dialogs/recovery.py" line="33" />
        <source>Recovery key — shown once</source>
        <translation>مفتاح الاسترداد — يُعرض مرة واحدة</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/recovery.py" line="36" />
        <source>This key unlocks the workspace and resets an administrator's password. Write it down now and store it OFFLINE (on paper, in a safe), never on this computer. Airlock cannot show it again.</source>
        <translation>يفتح هذا المفتاح مساحة العمل ويعيد تعيين كلمة مرور المسؤول. دوّنه الآن واحفظه خارج أي جهاز (على الورق، في خزنة)، وليس على هذا الحاسوب أبدًا. لا يستطيع Airlock عرضه مرة أخرى.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/recovery.py" line="49" />
        <source>Copy</source>
        <translation>نسخ</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/recovery.py" line="51" />
        <source>I have stored the recovery key offline</source>
        <translation>حفظت مفتاح الاسترداد خارج الحاسوب</translation>
    </message>
</context>
<context>
    <name>RegisterDialog</name>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="154" />
        <source>Register a model version</source>
        <translation>تسجيل إصدار نموذج</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="154" />
        <source>&amp;Register</source>
        <translation>تسجيل</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="167" />
        <source>&amp;Run:</source>
        <translation>التشغيل:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="168" />
        <source>&amp;Model name:</source>
        <translation>اسم النموذج:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="169" />
        <source>&amp;Description:</source>
        <translation>الوصف:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="197" />
        <source>Registering</source>
        <translation>التسجيل</translation>
    </message>
</context>
<context>
    <name>Registry</name>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="33" />
        <source>Trained by %1 on %2 (run %3)</source>
        <translation>درّبه ⁨%1⁩ على ⁨%2⁩ (التشغيل ⁨%3⁩)</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="37" />
        <source>Model SHA-256</source>
        <translation>بصمة SHA-256 للنموذج</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="39" />
        <source>Evidence SHA-256</source>
        <translation>بصمة SHA-256 للأدلة</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="45" />
        <source>version %1</source>
        <translation>الإصدار ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="49" />
        <source>none</source>
        <translation>لا شيء</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="50" />
        <source>In production now: %1</source>
        <translation>في الإنتاج الآن: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="52" />
        <source>Gates</source>
        <translation>البوابات</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="54" />
        <source>No gates apply.</source>
        <translation>لا تنطبق أي بوابات.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="59" />
        <source>Warning: %1.</source>
        <translation>تحذير: ⁨%1⁩.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="67" />
        <source>Gates from: %1</source>
        <translation>مصدر البوابات: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="75" />
        <source>Metrics</source>
        <translation>المقاييس</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="92" />
        <source>Features tagged sensitive: %1</source>
        <translation>خصائص موسومة حساسة: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="99" />
        <source>Features that look sensitive and were never reviewed: %1</source>
        <translation>خصائص تبدو حساسة ولم تُراجَع قط: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="106" />
        <source>No feature is or looks like a sensitive attribute.</source>
        <translation>لا توجد خاصية حساسة أو تبدو حساسة.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="112" />
        <source>%1: no fairness result (assess the version)</source>
        <translation>‏⁨%1⁩: لا توجد نتيجة للإنصاف (قيّم الإصدار)</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="122" />
        <source>meets the four-fifths rule</source>
        <translation>يستوفي قاعدة الأربعة أخماس</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="124" />
        <source>below the four-fifths rule</source>
        <translation>دون قاعدة الأربعة أخماس</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="126" />
        <source>%1: selection-rate ratio %2, %3</source>
        <translation>‏⁨%1⁩: نسبة معدل الاختيار ⁨%2⁩، ⁨%3⁩</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="136" />
        <source>Sensitive attributes and fairness</source>
        <translation>السمات الحساسة والإنصاف</translation>
    </message>
</context>
<context>
    <name>RequestDialog</name>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="216" />
        <source>Request production for %1</source>
        <translation>طلب الإنتاج لـ ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="217" />
        <source>&amp;Request</source>
        <translation>طلب</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="222" />
        <source>(fixed when you request)</source>
        <translation>(تُثبَّت عند تقديم الطلب)</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="226" />
        <source>&amp;Note for the validator:</source>
        <translation>ملاحظة للمراجِع:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="249" />
        <source>Requesting production</source>
        <translation>طلب الإنتاج</translation>
    </message>
</context>
<context>
    <name>RetentionPanel</name>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="41" />
        <source>Set &amp;period…</source>
        <translation>&amp;تعيين المدة…</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="43" />
        <source>P&amp;urge expired…</source>
        <translation>&amp;إتلاف المنتهي…</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="45" />
        <source>&amp;Erase data subjects…</source>
        <translation>&amp;محو أصحاب بيانات…</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="53" />
        <source>A version is kept for its dataset's retention period after it is made; the purge crypto-shreds what is past it.</source>
        <translation>يُحتفظ بكل إصدار طوال مدة الاحتفاظ المحددة لمجموعة بياناته بعد إنشائه، ثم تُتلِف عمليةُ الإتلاف تشفيريًا ما تجاوزها.</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="62" />
        <source>Dataset</source>
        <translation>مجموعة البيانات</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="63" />
        <source>Personal data</source>
        <translation>البيانات الشخصية</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="64" />
        <source>Retention period</source>
        <translation>مدة الاحتفاظ</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="65" />
        <source>Expired</source>
        <translation>المنتهية</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="70" />
        <source>Version</source>
        <translation>الإصدار</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="70" />
        <source>Created</source>
        <translation>تاريخ الإنشاء</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="70" />
        <source>Expires</source>
        <translation>تنتهي في</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="70" />
        <source>State</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="87" />
        <source>Models to retrain</source>
        <translation>نماذج تحتاج إلى إعادة تدريب</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="89" />
        <source>Erasure requests carried out</source>
        <translation>طلبات المحو المنفَّذة</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="112" />
        <source>Your role does not allow this.</source>
        <translation>دورك لا يسمح بذلك.</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="136" />
        <source>Reading retention periods</source>
        <translation>قراءة مدد الاحتفاظ</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="151" />
        <source>%1 days</source>
        <translation>‏⁨%1⁩ يومًا</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="151" />
        <source>no limit</source>
        <translation>دون حد</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="155" />
        <source>%1 years (%2)</source>
        <translation>‏⁨%1⁩ سنوات (⁨%2⁩)</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="159" />
        <source>yes</source>
        <translation>نعم</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="159" />
        <source>no</source>
        <translation>لا</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="176" />
        <source>%1: %2 (%3, %4)</source>
        <translation>‏⁨%1⁩: ⁨%2⁩ (⁨%3⁩، ⁨%4⁩)</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="185" />
        <source>%1 on %2 (%3 by %4): %5 subjects, %6 rows removed; new %7; shredded %8</source>
        <translation>‏⁨%1⁩ على ⁨%2⁩ (⁨%3⁩ بواسطة ⁨%4⁩): ⁨%5⁩ من أصحاب البيانات، حُذف ⁨%6⁩ صفًا؛ الجديد ⁨%7⁩؛ المُتلَف ⁨%8⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="209" />
        <source>shredded %1 (%2)</source>
        <translation>أُتلف في ⁨%1⁩ (⁨%2⁩)</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="215" />
        <source>expired: purge it</source>
        <translation>منتهٍ: أتلِفه</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="217" />
        <source>kept</source>
        <translation>محفوظ</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="231" />
        <source>Retention period of %1</source>
        <translation>مدة الاحتفاظ بـ ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="232" />
        <source>Days to keep each version after it is made (0: no limit):</source>
        <translation>عدد أيام الاحتفاظ بكل إصدار بعد إنشائه (0: دون حد):</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="243" />
        <source>Setting the retention period of %1</source>
        <translation>تعيين مدة الاحتفاظ بـ ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="255" />
        <source>Listing expired versions</source>
        <translation>سرد الإصدارات المنتهية</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="266" />
        <source>No version is past its retention period.</source>
        <translation>لا يوجد إصدار تجاوز مدة الاحتفاظ به.</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="271" />
        <source>Purge expired versions</source>
        <translation>إتلاف الإصدارات المنتهية</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="273" />
        <source>Crypto-shred these %1 versions? Their data keys and files are destroyed and they can never be read again; a tombstone keeps their hash for lineage and the audit log.</source>
        <translation>هل تريد الإتلاف التشفيري لهذه الإصدارات (⁨%1⁩)؟ تُتلَف مفاتيح بياناتها وملفاتها فلا يمكن قراءتها أبدًا؛ ويبقى شاهدٌ يحفظ بصمتها لأجل سلسلة النسب وسجل التدقيق.</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="284" />
        <source>Purge cancelled; nothing was shredded.</source>
        <translation>أُلغي الإتلاف؛ لم يُتلَف شيء.</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="288" />
        <source>Purging expired versions</source>
        <translation>إتلاف الإصدارات المنتهية</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="298" />
        <source>Crypto-shredded %1 versions: %2.</source>
        <translation>أُتلف تشفيريًا ⁨%1⁩ من الإصدارات: ⁨%2⁩.</translation>
    </message>
    <message>
        <location filename="../../gui/views/governance_retention.py" line="318" />
        <source>Erasure %1 done: %2 subjects, %3 rows removed from %4. New versions: %5. Shredded: %6. Models to retrain: %7.</source>
        <translation>نُفّذ المحو ⁨%1⁩: ⁨%2⁩ من أصحاب البيانات، وحُذف ⁨%3⁩ صفًا من ⁨%4⁩. الإصدارات الجديدة: ⁨%5⁩. المُتلَفة: ⁨%6⁩. نماذج تحتاج إلى إعادة تدريب: ⁨%7⁩.</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../../gui/dialogs/users.py" line="14" />
        <source>administrator</source>
        <translation>مسؤول</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/users.py" line="15" />
        <source>analyst</source>
        <translation>محلل</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/users.py" line="16" />
        <source>validator</source>
        <translation>مُصادِق</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/users.py" line="17" />
        <source>auditor</source>
        <translation>مدقق</translation>
    </message>
</context>
<context>
    <name>RollbackDialog</name>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="333" />
        <source>Roll back %1</source>
        <translation>استرجاع ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="333" />
        <source>&amp;Roll back</source>
        <translation>استرجاع</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="337" />
        <source>&amp;Reason:</source>
        <translation>السبب:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/registry.py" line="344" />
        <source>Rolling back</source>
        <translation>الاسترجاع</translation>
    </message>
</context>
<context>
    <name>RunCharts</name>
    <message>
        <location filename="../../gui/views/run_charts.py" line="50" />
        <source>&amp;Metric:</source>
        <translation>الم&amp;قياس:</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_charts.py" line="113" />
        <source>Select two or more runs in the table (Ctrl+click or Shift+click) to chart them side by side.</source>
        <translation>حدّد تشغيلين أو أكثر في الجدول (Ctrl+نقر أو Shift+نقر) لعرضها في رسم واحد جنبًا إلى جنب.</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_charts.py" line="119" />
        <source>%1 runs, in the order they ran.</source>
        <translation>‏⁨%1⁩ تشغيلات، بترتيب تنفيذها.</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_charts.py" line="142" />
        <source>No runs with metrics selected.</source>
        <translation>لم يُحدَّد أي تشغيل له مقاييس.</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_charts.py" line="169" />
        <source>cross-validated mean ± std</source>
        <translation>متوسط التحقق المتقاطع ± الانحراف المعياري</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_charts.py" line="180" />
        <source>test set</source>
        <translation>مجموعة الاختبار</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_charts.py" line="189" />
        <source>logged</source>
        <translation>مسجَّل</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_charts.py" line="202" />
        <source>%1 (lower is better)</source>
        <translation>‏⁨%1⁩ (الأقل أفضل)</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_charts.py" line="202" />
        <source>%1 (higher is better)</source>
        <translation>‏⁨%1⁩ (الأعلى أفضل)</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_charts.py" line="206" />
        <source>%1 by run</source>
        <translation>‏⁨%1⁩ حسب التشغيل</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_charts.py" line="226" />
        <source>Parallel coordinates: select two or more runs.</source>
        <translation>الإحداثيات المتوازية: حدّد تشغيلين أو أكثر.</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_charts.py" line="230" />
        <source>The selected runs have the same hyperparameters.</source>
        <translation>للتشغيلات المحددة المعاملات الفائقة نفسها.</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_charts.py" line="296" />
        <source>Hyperparameters and %1 of the selected runs</source>
        <translation>المعاملات الفائقة و⁨%1⁩ للتشغيلات المحددة</translation>
    </message>
</context>
<context>
    <name>RunColumns</name>
    <message>
        <location filename="../../gui/widgets/run_columns.py" line="58" />
        <source>Metrics</source>
        <translation>المقاييس</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/run_columns.py" line="59" />
        <source>Hyperparameters</source>
        <translation>المعاملات الفائقة</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/run_columns.py" line="74" />
        <source>Show the default columns</source>
        <translation>إظهار الأعمدة الافتراضية</translation>
    </message>
</context>
<context>
    <name>RunDetail</name>
    <message>
        <location filename="../../gui/views/run_detail.py" line="37" />
        <location filename="../../gui/views/run_detail.py" line="89" />
        <source>Select a run.</source>
        <translation>اختر تشغيلًا.</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="42" />
        <source>Metric</source>
        <translation>المقياس</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="42" />
        <source>CV mean</source>
        <translation>متوسط التحقق</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="42" />
        <source>CV std</source>
        <translation>انحراف التحقق</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="42" />
        <source>Test</source>
        <translation>الاختبار</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="59" />
        <source>Per fold:</source>
        <translation>لكل طية:</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="62" />
        <source>Summary</source>
        <translation>الملخص</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="64" />
        <source>Spec</source>
        <translation>المواصفة</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="71" />
        <source>Curves</source>
        <translation>المنحنيات</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="74" />
        <source>Importance</source>
        <translation>الأهمية</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="78" />
        <source>Learning curve</source>
        <translation>منحنى التعلم</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="80" />
        <source>Mean score</source>
        <translation>متوسط الدرجة</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="80" />
        <source>Parameters</source>
        <translation>المعاملات</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="83" />
        <source>Search</source>
        <translation>البحث</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="100" />
        <source>finished</source>
        <translation>منتهٍ</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="101" />
        <source>cancelled</source>
        <translation>ملغى</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="102" />
        <source>failed</source>
        <translation>فاشل</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="105" />
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 on %4 → %5 (%6) · %7 s</source>
        <translation>&lt;b&gt;⁨%1⁩&lt;/b&gt; · ⁨%2⁩ · ⁨%3⁩ على ⁨%4⁩ ← ⁨%5⁩ (⁨%6⁩) · ⁨%7⁩ ث</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="125" />
        <source>Logged</source>
        <translation>مُسجَّل من الشيفرة</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="152" />
        <source>Parameters: %1</source>
        <translation>المعاملات: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="158" />
        <source>Validation: %1, %2 folds; %3 training rows, %4 test rows; on %5</source>
        <translation>التحقق: ⁨%1⁩، ⁨%2⁩ طيات؛ ⁨%3⁩ صف تدريب، ⁨%4⁩ صف اختبار؛ على ⁨%5⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="165" />
        <source>Note: %1</source>
        <translation>ملاحظة: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="167" />
        <source>Error: %1</source>
        <translation>خطأ: ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="169" />
        <source>Dataset hash %1 · recipe hash %2 · environment %3</source>
        <translation>بصمة البيانات ⁨%1⁩ · بصمة الوصفة ⁨%2⁩ · البيئة ⁨%3⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="175" />
        <source>A re-run of %1</source>
        <translation>إعادة تشغيل لـ ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="185" />
        <source>Reading the run's curves</source>
        <translation>قراءة منحنيات التشغيل</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="198" />
        <source>ROC</source>
        <translation>ROC</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="199" />
        <source>Precision–recall</source>
        <translation>الضبط–الاستدعاء</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="200" />
        <source>Calibration</source>
        <translation>المعايرة</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="201" />
        <source>Confusion matrix</source>
        <translation>مصفوفة الالتباس</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="202" />
        <source>Residuals</source>
        <translation>البواقي</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="251" />
        <source>No curves for this run.</source>
        <translation>لا منحنيات لهذا التشغيل.</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="256" />
        <source>False positive rate</source>
        <translation>معدل الإيجابيات الكاذبة</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="257" />
        <source>True positive rate</source>
        <translation>معدل الإيجابيات الصحيحة</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="260" />
        <source>Recall</source>
        <translation>الاستدعاء</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="261" />
        <source>Precision</source>
        <translation>الضبط</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="265" />
        <source>Predicted probability</source>
        <translation>الاحتمال المتوقع</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="266" />
        <source>Observed share</source>
        <translation>النسبة المرصودة</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="275" />
        <location filename="../../gui/views/run_detail.py" line="280" />
        <source>Predicted</source>
        <translation>المتوقع</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="276" />
        <source>Actual</source>
        <translation>الفعلي</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="281" />
        <source>Residual</source>
        <translation>الباقي</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="293" />
        <source>No learning curve for this run.</source>
        <translation>لا منحنى تعلم لهذا التشغيل.</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="301" />
        <source>training</source>
        <translation>التدريب</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="308" />
        <source>validation</source>
        <translation>التحقق</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_detail.py" line="310" />
        <source>Training rows</source>
        <translation>صفوف التدريب</translation>
    </message>
</context>
<context>
    <name>RunsModel</name>
    <message>
        <location filename="../../gui/models/runs_model.py" line="78" />
        <source>Run</source>
        <translation>التشغيل</translation>
    </message>
    <message>
        <location filename="../../gui/models/runs_model.py" line="79" />
        <source>Started</source>
        <translation>البدء</translation>
    </message>
    <message>
        <location filename="../../gui/models/runs_model.py" line="80" />
        <source>Duration</source>
        <translation>المدة</translation>
    </message>
    <message>
        <location filename="../../gui/models/runs_model.py" line="81" />
        <source>User</source>
        <translation>المستخدم</translation>
    </message>
    <message>
        <location filename="../../gui/models/runs_model.py" line="85" />
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../gui/models/runs_model.py" line="84" />
        <source>Model</source>
        <translation>النموذج</translation>
    </message>
    <message>
        <location filename="../../gui/models/runs_model.py" line="159" />
        <source>finished</source>
        <translation>منتهٍ</translation>
    </message>
    <message>
        <location filename="../../gui/models/runs_model.py" line="160" />
        <source>cancelled</source>
        <translation>ملغى</translation>
    </message>
    <message>
        <location filename="../../gui/models/runs_model.py" line="161" />
        <source>failed</source>
        <translation>فاشل</translation>
    </message>
    <message>
        <location filename="../../gui/models/runs_model.py" line="171" />
        <source>%1 s</source>
        <translation>‏⁨%1⁩ ث</translation>
    </message>
    <message>
        <location filename="../../gui/models/runs_model.py" line="174" />
        <source>%1 min %2 s</source>
        <translation>‏⁨%1⁩ د ⁨%2⁩ ث</translation>
    </message>
    <message>
        <location filename="../../gui/models/runs_model.py" line="179" />
        <source>%1 h %2 min</source>
        <translation>‏⁨%1⁩ س ⁨%2⁩ د</translation>
    </message>
    <message>
        <location filename="../../gui/models/runs_model.py" line="234" />
        <source>Metric: the test-set value (else the cross-validated mean). Right-click a header to choose the columns.</source>
        <translation>مقياس: قيمته على مجموعة الاختبار (وإلا متوسط التحقق المتقاطع). انقر بالزر الأيمن على رأس عمود لاختيار الأعمدة.</translation>
    </message>
    <message>
        <location filename="../../gui/models/runs_model.py" line="238" />
        <source>Hyperparameter. Right-click a header to choose the columns.</source>
        <translation>معامل فائق. انقر بالزر الأيمن على رأس عمود لاختيار الأعمدة.</translation>
    </message>
    <message>
        <location filename="../../gui/models/runs_model.py" line="239" />
        <source>Right-click a header to choose the columns.</source>
        <translation>انقر بالزر الأيمن على رأس عمود لاختيار الأعمدة.</translation>
    </message>
    <message>
        <location filename="../../gui/models/runs_model.py" line="82" />
        <source>Dataset</source>
        <translation>مجموعة البيانات</translation>
    </message>
    <message>
        <location filename="../../gui/models/runs_model.py" line="83" />
        <source>Target</source>
        <translation>الهدف</translation>
    </message>
</context>
<context>
    <name>ScoreDialog</name>
    <message>
        <location filename="../../gui/dialogs/scoring.py" line="50" />
        <source>Score a file with %1</source>
        <translation>تقييم ملف باستخدام ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/scoring.py" line="50" />
        <source>&amp;Score</source>
        <translation>تقييم</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/scoring.py" line="55" />
        <source>Refuse categories never seen in training</source>
        <translation>رفض الفئات التي لم تظهر في التدريب</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/scoring.py" line="60" />
        <source>optional: dataset name for monitoring</source>
        <translation>اختياري: اسم مجموعة بيانات للمراقبة</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/scoring.py" line="63" />
        <source>&amp;Input file:</source>
        <translation>ملف الإدخال:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/scoring.py" line="69" />
        <source>&amp;Output (.csv/.parquet):</source>
        <translation>ملف الإخراج (‎.csv/.parquet):</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/scoring.py" line="74" />
        <source>&amp;Decimals:</source>
        <translation>المنازل العشرية:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/scoring.py" line="75" />
        <source>&amp;Keep scored rows as:</source>
        <translation>حفظ الصفوف المقيّمة باسم:</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/scoring.py" line="114" />
        <source>Input</source>
        <translation>الإدخال</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/scoring.py" line="126" />
        <source>Output</source>
        <translation>الإخراج</translation>
    </message>
</context>
<context>
    <name>ScoringActions</name>
    <message>
        <location filename="../../gui/views/model_deploy.py" line="77" />
        <source>Scoring %1 with %2</source>
        <translation>تقييم ⁨%1⁩ باستخدام ⁨%2⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/model_deploy.py" line="98" />
        <source>Scored %1 rows with %2 → %3.</source>
        <translation>تم تقييم ⁨%1⁩ صفًا باستخدام ⁨%2⁩ ← ⁨%3⁩.</translation>
    </message>
    <message>
        <location filename="../../gui/views/model_deploy.py" line="113" />
        <source>Scoring cancelled; nothing was written.</source>
        <translation>أُلغي التقييم؛ لم يُكتب شيء.</translation>
    </message>
    <message>
        <location filename="../../gui/views/model_deploy.py" line="122" />
        <source>Export bundle</source>
        <translation>تصدير حزمة</translation>
    </message>
    <message>
        <location filename="../../gui/views/model_deploy.py" line="134" />
        <source>Exporting %1</source>
        <translation>تصدير ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/model_deploy.py" line="140" />
        <source>Wrote %1. Signed by workspace key %2 — give this fingerprint to the receiving team out of band.</source>
        <translation>تمت كتابة ⁨%1⁩. موقّعة بمفتاح مساحة العمل ⁨%2⁩ — سلّم هذه البصمة للفريق المستلم بقناة منفصلة.</translation>
    </message>
</context>
<context>
    <name>SearchSpaceEditor</name>
    <message>
        <location filename="../../gui/dialogs/search_space.py" line="177" />
        <source>Search space</source>
        <translation>فضاء البحث</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/search_space.py" line="180" />
        <source>Tick the hyperparameters to search and give the values to try (50, 100, 200) or a range LOW..HIGH (0.01..10), which a random or halving search samples. With nothing ticked, every hyperparameter you did not set is searched over its usual values.</source>
        <translation>حدّد المعاملات الفائقة التي يُبحث فيها وأعطِ القيم المراد تجربتها (50, 100, 200) أو مدى LOW..HIGH (0.01..10) يأخذ منه البحث العشوائي أو بحث التنصيف عيّنات. إن لم يُحدَّد شيء، يُبحث في كل معامل فائق لم تضبطه ضمن قيمه المعتادة.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/search_space.py" line="287" />
        <source>Correct the values marked in red.</source>
        <translation>صحّح القيم المعلَّمة بالأحمر.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/search_space.py" line="291" />
        <source>A search needs validation folds; choose a scheme other than none.</source>
        <translation>يحتاج البحث إلى طيات تحقق؛ اختر طريقة تحقق غير «لا شيء».</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/search_space.py" line="309" />
        <source>Nothing to search: tick a hyperparameter and give the values to try.</source>
        <translation>لا شيء للبحث فيه: حدّد معاملًا فائقًا وأعطِ القيم المراد تجربتها.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/search_space.py" line="313" />
        <source>1 holdout split</source>
        <translation>تقسيم تحقق واحد</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/search_space.py" line="315" />
        <source>%1 folds</source>
        <translation>‏⁨%1⁩ طيات</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/search_space.py" line="328" />
        <source>Grid over the usual values: %2 candidates × %3 = %4 fits</source>
        <translation>شبكة على القيم المعتادة: ⁨%2⁩ مرشحين × ⁨%3⁩ = ⁨%4⁩ عمليات ملاءمة</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/search_space.py" line="330" />
        <source>Grid: %2 candidates × %3 = %4 fits</source>
        <translation>شبكة: ⁨%2⁩ مرشحين × ⁨%3⁩ = ⁨%4⁩ عمليات ملاءمة</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/search_space.py" line="334" />
        <source>Grid over the usual values: %1 = %2 candidates × %3 = %4 fits</source>
        <translation>شبكة على القيم المعتادة: ⁨%1⁩ = ⁨%2⁩ مرشحين × ⁨%3⁩ = ⁨%4⁩ عمليات ملاءمة</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/search_space.py" line="336" />
        <source>Grid: %1 = %2 candidates × %3 = %4 fits</source>
        <translation>شبكة: ⁨%1⁩ = ⁨%2⁩ مرشحين × ⁨%3⁩ = ⁨%4⁩ عمليات ملاءمة</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/search_space.py" line="349" />
        <source>Halving: %1 candidates sampled from the usual values of %2 hyperparameters; the best third goes on to more rows each round</source>
        <translation>تنصيف: ⁨%1⁩ مرشحين مأخوذين عشوائيًا من القيم المعتادة لـ ⁨%2⁩ معاملات فائقة؛ ينتقل الثلث الأفضل إلى صفوف أكثر في كل جولة</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/search_space.py" line="354" />
        <source>Halving: %1 candidates sampled from %2 hyperparameters; the best third goes on to more rows each round</source>
        <translation>تنصيف: ⁨%1⁩ مرشحين مأخوذين عشوائيًا من ⁨%2⁩ معاملات فائقة؛ ينتقل الثلث الأفضل إلى صفوف أكثر في كل جولة</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/search_space.py" line="362" />
        <source>Random: %1 candidates sampled from the usual values of %2 hyperparameters × %3 = %4 fits</source>
        <translation>عشوائي: ⁨%1⁩ مرشحين مأخوذين من القيم المعتادة لـ ⁨%2⁩ معاملات فائقة × ⁨%3⁩ = ⁨%4⁩ عمليات ملاءمة</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/search_space.py" line="366" />
        <source>Random: %1 candidates sampled from %2 hyperparameters × %3 = %4 fits</source>
        <translation>عشوائي: ⁨%1⁩ مرشحين مأخوذين من ⁨%2⁩ معاملات فائقة × ⁨%3⁩ = ⁨%4⁩ عمليات ملاءمة</translation>
    </message>
</context>
<context>
    <name>Semantic</name>
    <message>
        <location filename="../../gui/details.py" line="252" />
        <source>numeric</source>
        <translation>رقمي</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="253" />
        <source>categorical</source>
        <translation>فئوي</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="254" />
        <source>boolean</source>
        <translation>منطقي</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="255" />
        <source>date and time</source>
        <translation>تاريخ ووقت</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="256" />
        <source>text</source>
        <translation>نص</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="257" />
        <source>identifier</source>
        <translation>معرِّف</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <location filename="../../gui/session.py" line="82" />
        <source>Locking</source>
        <translation>القفل</translation>
    </message>
    <message>
        <location filename="../../gui/session.py" line="90" />
        <source>Unlocking</source>
        <translation>فتح القفل</translation>
    </message>
</context>
<context>
    <name>SetPasswordDialog</name>
    <message>
        <location filename="../../gui/dialogs/users.py" line="58" />
        <source>Set the password of %1</source>
        <translation>تعيين كلمة مرور ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/users.py" line="64" />
        <source>The user gets new signing keys; entries they signed before stay valid.</source>
        <translation>يحصل المستخدم على مفاتيح توقيع جديدة، وتبقى القيود التي وقّعها سابقًا صالحة.</translation>
    </message>
</context>
<context>
    <name>SpecTable</name>
    <message>
        <location filename="../../gui/views/run_spec.py" line="52" />
        <source>Setting</source>
        <translation>الإعداد</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="52" />
        <source>Value</source>
        <translation>القيمة</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="63" />
        <source>Experiment</source>
        <translation>التجربة</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="64" />
        <source>Dataset</source>
        <translation>مجموعة البيانات</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="65" />
        <source>Target</source>
        <translation>الهدف</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="66" />
        <source>Task</source>
        <translation>المهمة</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="67" />
        <source>Positive class</source>
        <translation>الفئة الإيجابية</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="68" />
        <source>Features</source>
        <translation>الخصائص</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="69" />
        <source>Excluded columns</source>
        <translation>الأعمدة المستبعدة</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="70" />
        <source>Recipe</source>
        <translation>الوصفة</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="71" />
        <source>Model</source>
        <translation>النموذج</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="72" />
        <source>Hyperparameters</source>
        <translation>المعاملات الفائقة</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="73" />
        <source>Balanced class weights</source>
        <translation>أوزان فئات متوازنة</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="74" />
        <source>Probability calibration</source>
        <translation>معايرة الاحتمالات</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="75" />
        <source>Validation scheme</source>
        <translation>طريقة التحقق</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="76" />
        <source>Folds</source>
        <translation>الطيات</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="77" />
        <source>Group column</source>
        <translation>عمود المجموعة</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="78" />
        <source>Time column</source>
        <translation>عمود الزمن</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="79" />
        <source>Holdout share</source>
        <translation>نسبة الاستبقاء</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="80" />
        <source>Test share</source>
        <translation>نسبة الاختبار</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="81" />
        <source>Search</source>
        <translation>البحث</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="82" />
        <source>Search candidates</source>
        <translation>مرشحو البحث</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="83" />
        <source>Search space</source>
        <translation>فضاء البحث</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="84" />
        <source>Search metric</source>
        <translation>مقياس البحث</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="85" />
        <source>Random seed</source>
        <translation>البذرة العشوائية</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="86" />
        <source>Learning curve</source>
        <translation>منحنى التعلم</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="87" />
        <source>Importance and partial dependence</source>
        <translation>الأهمية والاعتماد الجزئي</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="88" />
        <source>Parallel jobs</source>
        <translation>المهام المتوازية</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="94" />
        <source>every usable column</source>
        <translation>كل عمود صالح للاستخدام</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="95" />
        <location filename="../../gui/views/run_spec.py" line="96" />
        <source>detected</source>
        <translation>مكتشَف تلقائيًا</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="97" />
        <location filename="../../gui/views/run_spec.py" line="98" />
        <source>by task</source>
        <translation>حسب المهمة</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="101" />
        <source>yes</source>
        <translation>نعم</translation>
    </message>
    <message>
        <location filename="../../gui/views/run_spec.py" line="101" />
        <source>no</source>
        <translation>لا</translation>
    </message>
</context>
<context>
    <name>Stage</name>
    <message>
        <location filename="../../gui/details.py" line="32" />
        <source>dev</source>
        <translation>التطوير</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="33" />
        <source>staging</source>
        <translation>ما قبل الإنتاج</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="34" />
        <source>production</source>
        <translation>الإنتاج</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="35" />
        <source>archived</source>
        <translation>مؤرشف</translation>
    </message>
</context>
<context>
    <name>StageActions</name>
    <message>
        <location filename="../../gui/views/model_stages.py" line="33" />
        <source>Registered %1 in dev.</source>
        <translation>تم تسجيل ⁨%1⁩ في مرحلة التطوير.</translation>
    </message>
    <message>
        <location filename="../../gui/views/model_stages.py" line="49" />
        <source>Moving %1 to %2</source>
        <translation>نقل ⁨%1⁩ إلى ⁨%2⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/model_stages.py" line="54" />
        <source>%1: %2 → %3</source>
        <translation>‏⁨%1⁩: ⁨%2⁩ ← ⁨%3⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/model_stages.py" line="82" />
        <source>Requested production for %1; a validator who did not train it decides.</source>
        <translation>تم طلب الإنتاج لـ ⁨%1⁩؛ يقرر مراجِع لم يدرّبه.</translation>
    </message>
    <message>
        <location filename="../../gui/views/model_stages.py" line="89" />
        <source>Gathering the evidence</source>
        <translation>جمع الأدلة</translation>
    </message>
    <message>
        <location filename="../../gui/views/model_stages.py" line="108" />
        <source>%1: %2, signed.</source>
        <translation>‏⁨%1⁩: ⁨%2⁩، مع التوقيع.</translation>
    </message>
    <message>
        <location filename="../../gui/views/model_stages.py" line="112" />
        <source>approved</source>
        <translation>تمت الموافقة</translation>
    </message>
    <message>
        <location filename="../../gui/views/model_stages.py" line="114" />
        <source>rejected</source>
        <translation>مرفوض</translation>
    </message>
    <message>
        <location filename="../../gui/views/model_stages.py" line="131" />
        <source>Rolled back %1.</source>
        <translation>تم استرجاع ⁨%1⁩.</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../../gui/details.py" line="198" />
        <source>succeeded</source>
        <translation>نجح</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="199" />
        <source>done</source>
        <translation>اكتمل</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="200" />
        <source>failed</source>
        <translation>فاشل</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="201" />
        <source>running</source>
        <translation>قيد التشغيل</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="202" />
        <source>cancelled</source>
        <translation>ملغى</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="203" />
        <source>interrupted</source>
        <translation>انقطع</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="204" />
        <source>not run</source>
        <translation>لم يُشغَّل</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="205" />
        <source>pending</source>
        <translation>في الانتظار</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="206" />
        <source>not finished</source>
        <translation>لم يكتمل</translation>
    </message>
</context>
<context>
    <name>StepField</name>
    <message>
        <location filename="../../gui/widgets/recipe_fields.py" line="136" />
        <source>Column</source>
        <translation>العمود</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_fields.py" line="136" />
        <source>New name</source>
        <translation>الاسم الجديد</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_fields.py" line="155" />
        <location filename="../../gui/widgets/recipe_fields.py" line="181" />
        <source>(default)</source>
        <translation>(الافتراضي)</translation>
    </message>
</context>
<context>
    <name>StepForm</name>
    <message>
        <location filename="../../gui/widgets/recipe_form.py" line="50" />
        <source>Step type:</source>
        <translation>نوع الخطوة:</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/recipe_form.py" line="55" />
        <source>Add a step, or choose one in the list to edit it.</source>
        <translation>أضف خطوة، أو اختر خطوة من القائمة لتعديلها.</translation>
    </message>
</context>
<context>
    <name>Suggestions</name>
    <message>
        <location filename="../../gui/dialogs/new_run_suggest.py" line="44" />
        <location filename="../../gui/dialogs/new_run_suggest.py" line="45" />
        <source>none</source>
        <translation>لا شيء</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run_suggest.py" line="64" />
        <source>Reading the data…</source>
        <translation>قراءة البيانات…</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run_suggest.py" line="66" />
        <source>Suggesting features</source>
        <translation>اقتراح الخصائص</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run_suggest.py" line="91" />
        <source>%1 looks like a sensitive attribute (sex, age, nationality…): tag it sensitive, or say it is not.</source>
        <translation>يبدو أن ⁨%1⁩ سمة حساسة (الجنس، العمر، الجنسية…): سِمها حساسة، أو بيّن أنها ليست كذلك.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run_suggest.py" line="94" />
        <source>(%1 more after it)</source>
        <translation>(و⁨%1⁩ غيرها بعدها)</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run_suggest.py" line="135" />
        <source>Tagging columns</source>
        <translation>وسم الأعمدة</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run_suggest.py" line="173" />
        <source>default for the task</source>
        <translation>الافتراضي للمهمة</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run_suggest.py" line="209" />
        <source>Choose a training recipe</source>
        <translation>اختر وصفة تدريب</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/new_run_suggest.py" line="209" />
        <source>Recipes (*.toml *.json)</source>
        <translation>الوصفات (*.toml *.json)</translation>
    </message>
</context>
<context>
    <name>TrendPanel</name>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="107" />
        <location filename="../../gui/views/monitoring_panels.py" line="143" />
        <source>Select a monitor to see its trend.</source>
        <translation>اختر مراقِباً لعرض اتجاهه.</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="109" />
        <source>A&amp;nnotate…</source>
        <translation>إضافة &amp;ملاحظة…</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="118" />
        <source>Period</source>
        <translation>الفترة</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="119" />
        <source>Batch</source>
        <translation>الدفعة</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="120" />
        <source>Level</source>
        <translation>المستوى</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="121" />
        <source>Drifted</source>
        <translation>المنحرفة</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="122" />
        <source>Model performance</source>
        <translation>أداء النموذج</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="123" />
        <source>Compared with</source>
        <translation>قورنت مع</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="124" />
        <source>Anomalies</source>
        <translation>الشذوذات</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="158" />
        <source>Reading the trend of %1</source>
        <translation>قراءة اتجاه ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="172" />
        <source>%1: %2 runs; warning at %3, alert at %4 of the columns</source>
        <translation>‏⁨%1⁩: ⁨%2⁩ تشغيلات؛ تحذير عند ⁨%3⁩ وتنبيه عند ⁨%4⁩ من الأعمدة</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="233" />
        <source>model performance</source>
        <translation>أداء النموذج</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="240" />
        <source>warning</source>
        <translation>تحذير</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="247" />
        <source>alert</source>
        <translation>تنبيه</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="265" />
        <source>date of the batch</source>
        <translation>تاريخ الدفعة</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="274" />
        <source>versions of %1</source>
        <translation>إصدارات ⁨%1⁩</translation>
    </message>
    <message>
        <location filename="../../gui/views/monitoring_panels.py" line="302" />
        <source>share of drifted columns</source>
        <translation>نسبة الأعمدة المنحرفة</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../gui/dialogs/unlock.py" line="28" />
        <source>Airlock is locked</source>
        <translation>Airlock مقفل</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/unlock.py" line="30" />
        <source>Locked. Enter the password of %1 to continue.</source>
        <translation>مقفل. أدخل كلمة مرور ⁨%1⁩ للمتابعة.</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/unlock.py" line="41" />
        <source>Unlock</source>
        <translation>فتح القفل</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/unlock.py" line="44" />
        <source>&amp;Sign out</source>
        <translation>تسجيل الخروج</translation>
    </message>
</context>
</TS>