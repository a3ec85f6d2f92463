# ruff: noqa: E501
"""English -> Arabic for the Data view's forms (issue 20: recipe steps and contract rules as
forms, profile on first open, empty states)."""

AR = {
# the view
"No datasets yet — Import…": "لا توجد مجموعات بيانات بعد — استيراد…",
"No datasets in this project yet.": "لا توجد مجموعات بيانات في هذا المشروع بعد.",
# the recipe tab
"&Add step": "إضافة خطوة", "&Remove": "إزالة", "&Up": "لأعلى", "Do&wn": "لأسفل",
"Steps": "الخطوات", "Advanced (JSON)": "متقدم (JSON)",
"Add steps: the first rows show the result.": "أضف خطوات: تعرض الصفوف الأولى النتيجة.",
"Not valid JSON yet: %1": "ليس JSON صالحًا بعد: %1",
"A recipe is an object with a name and steps.": "الوصفة كائن له اسم وخطوات.",
"No preview: the recipe stops at a step.": "لا معاينة: تتوقف الوصفة عند إحدى الخطوات.",
"Previewing…": "جارٍ المعاينة…",
"Step type:": "نوع الخطوة:",
"Add a step, or choose one in the list to edit it.": "أضف خطوة، أو اختر خطوة من القائمة لتعديلها.",
# the step fields
"Columns:": "الأعمدة:", "Column:": "العمود:", "New names:": "الأسماء الجديدة:",
"Condition:": "الشرط:", "Value:": "القيمة:", "Convert to:": "التحويل إلى:",
"Date parts:": "أجزاء التاريخ:", "Drop the date column": "حذف عمود التاريخ",
"Strategy:": "الطريقة:", "Method:": "الأسلوب:", "Bins:": "عدد الفئات:",
"Lower quantile:": "المئين الأدنى:", "Upper quantile:": "المئين الأعلى:",
"Lower bound:": "الحد الأدنى:", "Upper bound:": "الحد الأعلى:", "Band width:": "عرض الشريحة:",
"Date unit:": "وحدة التاريخ:", "Keep last characters:": "إبقاء آخر الأحرف:",
"Test share:": "نسبة الاختبار:", "Validation share:": "نسبة التحقق:",
"Stratify by:": "التقسيم الطبقي حسب:", "Label column:": "عمود التسمية:",
"New name": "الاسم الجديد", "(default)": "(الافتراضي)",
"(not a step)": "(ليست خطوة)", "(no op)": "(بلا عملية)",
"test %1, validation %2": "الاختبار %1، التحقق %2",
# the step types
"Keep columns": "إبقاء أعمدة", "Drop columns": "حذف أعمدة", "Rename columns": "إعادة تسمية أعمدة",
"Filter rows": "تصفية الصفوف", "Change type": "تغيير النوع", "Date parts": "أجزاء التاريخ",
"Remove duplicates": "إزالة التكرارات", "Fill missing values": "ملء القيم المفقودة",
"Encode categories": "ترميز الفئات", "Scale numbers": "تحجيم الأرقام",
"Bin into ranges": "تقسيم إلى نطاقات", "Clip outliers": "قص القيم الشاذة",
"Mask personal data": "إخفاء البيانات الشخصية", "Split train/test": "تقسيم تدريب/اختبار",
# the choices
"mean": "المتوسط", "median": "الوسيط", "most frequent": "الأكثر تكرارًا",
"a constant": "قيمة ثابتة", "one-hot": "ترميز أحادي (one-hot)", "ordinal": "ترتيبي",
"standard (z-score)": "معياري (z-score)", "min–max": "الأدنى–الأعلى",
"robust (median, IQR)": "متين (الوسيط، المدى الربيعي)", "equal width": "عرض متساوٍ",
"equal counts (quantiles)": "أعداد متساوية (مئينات)", "whole number": "عدد صحيح",
"decimal number": "عدد عشري", "text": "نص", "true/false": "صح/خطأ",
"date/time": "تاريخ/وقت", "drop the column": "حذف العمود", "keyed hash": "بصمة بمفتاح",
"generalise": "تعميم", "redact": "حجب", "year": "السنة", "month": "الشهر", "day": "اليوم",
"day of week": "يوم الأسبوع", "quarter": "الربع", "hour": "الساعة",
"is missing": "مفقودة", "is not missing": "غير مفقودة", "is one of": "إحدى القيم",
"is none of": "ليست أيًّا من القيم",
# the contract tab
"Result": "النتيجة", "Rules": "القواعد", "Results": "النتائج",
"No contract yet — infer one from this version, then adjust its rules.": "لا يوجد عقد بعد — استنتج عقدًا من هذه النسخة ثم عدّل قواعده.",
"Save as:": "الحفظ باسم:", "A contract is a JSON object.": "العقد كائن JSON.",
"A contract that %1 passes: adjust the rules, then save it.": "عقد تجتازه %1: عدّل القواعد ثم احفظه.",
"passed": "ناجح", "not checked": "لم يُفحص",
"no columns beyond the contract": "لا أعمدة خارج العقد",
"any": "أي عدد", "Allow columns the contract does not list": "السماح بأعمدة لا يذكرها العقد",
"Rows at least:": "الصفوف على الأقل:", "at most:": "على الأكثر:",
"Required": "مطلوب", "Missing OK": "يُقبل المفقود", "Unique": "فريد",
"Allowed values": "القيم المسموح بها", "Pattern": "النمط",
"Add column": "إضافة عمود", "Remove column": "إزالة عمود",
# the profile tab
"Profile again": "إعادة إعداد الملف الإحصائي",
"Select a version to see its profile.": "اختر نسخة لترى ملفها الإحصائي.",
"%1 is profiled when you open this tab.": "يُعدّ الملف الإحصائي لـ %1 عند فتح هذا التبويب.",
"Profiling %1…": "جارٍ إعداد الملف الإحصائي لـ %1…",
"Profiling %1 was cancelled.": "أُلغي إعداد الملف الإحصائي لـ %1.",
}
