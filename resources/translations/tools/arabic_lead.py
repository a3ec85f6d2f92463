# ruff: noqa: E501
"""English -> Arabic: the view skeleton, the demo's preparation, empty states (issue 20)."""

AR = {
"Preparing the demo workspace: %1": "تجهيز مساحة العمل التجريبية: %1",
"The demo was not made (cancelled); nothing was kept.": "لم تُنشأ المساحة التجريبية (أُلغيت)؛ لم يُحتفظ بشيء.",
"creating the workspace": "إنشاء مساحة العمل",
"adding the users": "إضافة المستخدمين",
"adding the credit applications": "إضافة طلبات الائتمان",
"training the demo's runs": "تدريب تشغيلات العرض التجريبي",
"registering the models": "تسجيل النماذج",
"watching the monthly batches": "مراقبة الدفعات الشهرية",
"Dismiss": "إغلاق",
"No registered models in this project yet — register a finished run with Register a run….": "لا توجد نماذج مسجلة في هذا المشروع بعد — سجّل تشغيلًا منتهيًا عبر «تسجيل تشغيل…».",
"No pipelines in this project yet — Add definition… reads a pipeline file (docs/pipelines.md shows the format).": "لا توجد خطوط معالجة في هذا المشروع بعد — «إضافة تعريف…» يقرأ ملف خط معالجة (يشرح docs/pipelines.md الصيغة).",
"pass": "ناجح",
"FAIL": "راسب",
}
