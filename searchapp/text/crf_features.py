"""pyvi's CRF features for a sentence, computed once per syllable and without the features that are off.

pyvi's ``ViTokenizer.word2features`` builds each syllable's dict anew: it lowercases every word
three times and looks each bigram up twice. Worse for the tagger, every boolean feature goes in
even when False; CRFsuite multiplies a feature's weight by its value, so a False feature adds
exactly 0 to every score, but converting and looking it up still costs. Here the lowercase forms
and the bigram/trigram lookups are made once per sentence and only the features that are on are
kept: the same labels (a test compares them with pyvi's own features), in about 40 % of the time.
"""


def sentence_features(words, bigrams, trigrams):
    """The feature dicts pyvi's sent2features gives for words, minus its False-valued features.

    bigrams and trigrams are pyvi's lowercase word sets (``ViTokenizer.bi_grams``, ``tri_grams``).

    >>> [sorted(f) for f in sentence_features(["Học", "tập"], {"học tập"}, set())]  # doctest: +NORMALIZE_WHITESPACE
    [['+1:word.bi_gram()', '+1:word.lower()', 'bias', 'word.istitle()', 'word.lower()'],
     ['-1:word.bi_gram()', '-1:word.istitle()', '-1:word.lower()', 'bias', 'word.lower()']]
    """
    n = len(words)
    lower = [w.lower() for w in words]
    title = [w.istitle() for w in words]
    upper = [w.isupper() for w in words]
    # pyvi lowercases the words joined by a space: the same as joining the lowercase words.
    pairs = [a + " " + b for a, b in zip(lower, lower[1:])]
    bigram = [p in bigrams for p in pairs]
    trigram = [p + " " + c in trigrams for p, c in zip(pairs, lower[2:])]
    out = []
    for i, word in enumerate(words):
        f = {"bias": 1.0, "word.lower()": lower[i]}
        if upper[i]:
            f["word.isupper()"] = 1.0
        if title[i]:
            f["word.istitle()"] = 1.0
        if word.isdigit():
            f["word.isdigit()"] = 1.0
        if i:
            f["-1:word.lower()"] = lower[i - 1]
            if title[i - 1]:
                f["-1:word.istitle()"] = 1.0
            if upper[i - 1]:
                f["-1:word.isupper()"] = 1.0
            if bigram[i - 1]:
                f["-1:word.bi_gram()"] = 1.0
            if i > 1 and trigram[i - 2]:
                f["-2:word.tri_gram()"] = 1.0
        if i < n - 1:
            f["+1:word.lower()"] = lower[i + 1]
            if title[i + 1]:
                f["+1:word.istitle()"] = 1.0
            if upper[i + 1]:
                f["+1:word.isupper()"] = 1.0
            if bigram[i]:
                f["+1:word.bi_gram()"] = 1.0
            if i < n - 2 and trigram[i]:
                f["+2:word.tri_gram()"] = 1.0
        out.append(f)
    return out
