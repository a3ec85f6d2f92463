# ruff: noqa: E501
"""English -> Arabic for the New run form's search space (issue 20, area "newrun")."""

AR = {
    "Search space": "فضاء البحث",
    "Tick the hyperparameters to search and give the values to try (50, 100, 200) or a range LOW..HIGH (0.01..10), which a random or halving search samples. With nothing ticked, every hyperparameter you did not set is searched over its usual values.":
        "حدّد المعاملات الفائقة التي يُبحث فيها وأعطِ القيم المراد تجربتها (50, 100, 200) أو مدى LOW..HIGH (0.01..10) يأخذ منه البحث العشوائي أو بحث التنصيف عيّنات. إن لم يُحدَّد شيء، يُبحث في كل معامل فائق لم تضبطه ضمن قيمه المعتادة.",
    "Correct the values marked in red.": "صحّح القيم المعلَّمة بالأحمر.",
    "A search needs validation folds; choose a scheme other than none.": "يحتاج البحث إلى طيات تحقق؛ اختر طريقة تحقق غير «لا شيء».",
    "Nothing to search: tick a hyperparameter and give the values to try.": "لا شيء للبحث فيه: حدّد معاملًا فائقًا وأعطِ القيم المراد تجربتها.",
    "1 holdout split": "تقسيم تحقق واحد",
    "%1 folds": "%1 طيات",
    "Grid over the usual values: %2 candidates × %3 = %4 fits": "شبكة على القيم المعتادة: %2 مرشحين × %3 = %4 عمليات ملاءمة",
    "Grid: %2 candidates × %3 = %4 fits": "شبكة: %2 مرشحين × %3 = %4 عمليات ملاءمة",
    "Grid over the usual values: %1 = %2 candidates × %3 = %4 fits": "شبكة على القيم المعتادة: %1 = %2 مرشحين × %3 = %4 عمليات ملاءمة",
    "Grid: %1 = %2 candidates × %3 = %4 fits": "شبكة: %1 = %2 مرشحين × %3 = %4 عمليات ملاءمة",
    "Halving: %1 candidates sampled from the usual values of %2 hyperparameters; the best third goes on to more rows each round":
        "تنصيف: %1 مرشحين مأخوذين عشوائيًا من القيم المعتادة لـ %2 معاملات فائقة؛ ينتقل الثلث الأفضل إلى صفوف أكثر في كل جولة",
    "Halving: %1 candidates sampled from %2 hyperparameters; the best third goes on to more rows each round":
        "تنصيف: %1 مرشحين مأخوذين عشوائيًا من %2 معاملات فائقة؛ ينتقل الثلث الأفضل إلى صفوف أكثر في كل جولة",
    "Random: %1 candidates sampled from the usual values of %2 hyperparameters × %3 = %4 fits":
        "عشوائي: %1 مرشحين مأخوذين من القيم المعتادة لـ %2 معاملات فائقة × %3 = %4 عمليات ملاءمة",
    "Random: %1 candidates sampled from %2 hyperparameters × %3 = %4 fits":
        "عشوائي: %1 مرشحين مأخوذين من %2 معاملات فائقة × %3 = %4 عمليات ملاءمة",
}
