#!/usr/bin/env python3
# Builds the verb knowledge of the naming check (lib/check/check_lexicon.c) from Debian's
# hunspell dictionaries (hunspell-en-us, hunspell-sv, hunspell-no): which words may begin an
# activity name as a verb, per language, in the imperative or the infinitive. The flags that
# mark a verb are read from each dictionary's affix file (comments below); no word list is
# written by hand here. Output: a C file with one sorted, newline-separated word list per
# language and kind, searched by binary search at run time (check_lexicon.c).
#
# usage: lexicon.py OUT.c DICDIR        (DICDIR: /usr/share/hunspell)
#        lexicon.py --probe DICDIR LANG WORD...   (prints the class of each word)
import os
import re
import sys


def read_dic(path, encoding):
    """(word, flags) of every entry of a .dic file (its first line is the count)."""
    out = []
    with open(path, encoding=encoding) as f:
        next(f)
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            word, _, flags = line.partition("/")
            out.append((word, flags.split()[0] if flags else ""))
    return out


def lowercase_words(entries):
    return [(w, f) for w, f in entries if w.isalpha() and w.islower() and len(w) > 1]


def en_verbs(entries, prefixes):
    """en_US (SCOWL): flag G (-ing), J (-ings) or D (-ed) conjugates a verb. Irregular
    verbs carry none (their forms are entries of their own: get/getting, write/writing),
    so a word whose -ing form is an entry is a verb too. The prefix flags (A re-, I in-,
    U un-, C de-, E dis-, F con-, K pro-) make more verbs of a verb (view/review,
    voice/invoice). Flag M ('s) marks a noun: a word with both is a noun-or-verb, which
    the check judges with the rest of the name."""
    words = {w for w, _ in entries}
    verbs, nouns = set(), set()
    for w, f in lowercase_words(entries):
        ing = {w + "ing", w[:-1] + "ing" if w.endswith("e") else None, w + w[-1] + "ing"}
        if "G" in f or "J" in f or "D" in f or (len(w) > 2 and ing & words):
            forms = [w] + [prefixes[p] + w for p in f if p in prefixes]
            verbs.update(forms)
            if "M" in f:
                nouns.update(forms)
    return verbs, nouns


def sv_verbs(entries):
    """sv_SE (Göran Andersson): flag m (present tense +r: granska/granskar, gå/går) marks
    the 1st and 3rd conjugations, whose imperative is the infinitive; flag K (present -er,
    past -de/-te) marks the 2nd conjugation on an infinitive in -a, whose imperative drops
    the -a (bedöma/bedöm, begära/begär; komma/kom). Words with m or K that end in a
    consonant are adjectives (K) and are left out. More verb flags where these are
    missing are noted below."""
    verbs = set()
    vowels = "aeiouyåäö"
    words = {w for w, _ in entries}
    for w, f in lowercase_words(entries):
        if w[-1] not in vowels:
            continue
        # some common verbs carry no verb flag (visa/BEGTY, lägga/BFI, ligga/DT) but
        # their present tense is an entry of its own: visar and visade (1st conjugation),
        # lägger, ligger, sitter (2nd and 4th, imperative without the -a)
        if w.endswith("a") and len(w) >= 4:
            if w + "r" in words and w + "de" in words:
                verbs.add(w)
            elif w[:-1] + "er" in words:
                f += "K"
        # P (past -d/-de/-t) or N (supine passive -ts/-des) on an infinitive in -a: the
        # 1st conjugation where m is missing (boka/bokade, dela/delade)
        if "m" in f or (w.endswith("a") and ("P" in f or "N" in f)):
            verbs.add(w)
        # L (passive -s: sätts) on an infinitive in -a marks the 2nd conjugation too, but
        # also past participles (-satta, -kta, -pta, -dda), which are left out
        if (w.endswith("a") and "L" in f and "m" not in f and
                not w.endswith(("atta", "kta", "pta", "dda"))):
            f += "K"
        # J (imperative -a dropped) with R (passive -es) marks the strong verbs
        # (välja/välj, säga/säg, handlägga/handlägg), which carry no K
        if "K" in f or (w.endswith("a") and "J" in f and "R" in f):
            verbs.add(w)
            if w.endswith("mma"):
                verbs.add(w[:-2])
            elif w.endswith("a") and len(w) > 2:
                verbs.add(w[:-1])
    # a verb form that is a noun entry too (fråga/E: frågan, köp/B: köpet, plan/D:
    # planen; E, G, H are the definite and plural forms, X the first part of a compound)
    nouns = {w for w, f in lowercase_words(entries) if w in verbs and
             (any(c in f for c in "EG") if w.endswith("a") else any(c in f for c in "BDEGHX"))}
    return verbs, nouns


def nb_verbs(entries):
    """nb_NO (Norsk ordbank via the spell-norwegian project): flag S (present participle
    -nde/-ende) marks a verb; flag _ marks infinitives the dictionary lists without S
    (journalføre, kvalitetssikre); short vowel-final verbs (ta, motta, dra, la) carry L
    (present +r), W (past participle +t) and J (passive +s) instead; flag t (-e to -ing,
    the verbal noun: oversende/oversending) marks a verb as well. The imperative drops
    the infinitive's -e (vurdere/vurder, sende/send, glemme/glem); a short verb's
    imperative is the infinitive (ta, gå)."""
    verbs = set()
    for w, f in lowercase_words(entries):
        short = w[-1] in "aiouyøå" and "L" in f and "W" in f and "J" in f
        if "S" in f or (("_" in f or "t" in f) and w.endswith("e")) or short:
            verbs.add(w)
            if w.endswith("mme") and len(w) > 4:
                verbs.add(w[:-2])
            elif w.endswith("e") and len(w) > 2:
                verbs.add(w[:-1])
    # a verb form that is a noun entry too: G and H give a noun's plural definite forms
    # (sak/G: sakene, møte/G: møtene, frist/G: fristene)
    nouns = {w for w, f in lowercase_words(entries) if w in verbs and ("G" in f or "H" in f)}
    return verbs, nouns


LANGS = {
    "en": ("en_US", "utf-8", en_verbs),
    "nb": ("nb_NO", "latin-1", nb_verbs),
    "sv": ("sv_SE", "utf-8", sv_verbs),
}


def read_suffixes(path, encoding):
    """Flag -> [(strip, add, condition regex)] of the affix file's suffix rules."""
    out = {}
    with open(path, encoding=encoding) as f:
        for line in f:
            p = line.split()
            if len(p) >= 5 and p[0] == "SFX":
                strip = "" if p[2] == "0" else p[2]
                add = "" if p[3] == "0" else p[3].split("/")[0]
                out.setdefault(p[1], []).append((strip, add, re.compile(
                    "" if p[4] == "." else p[4] + "$")))
    return out


def suffixed(word, rules):
    """The forms a word takes by one suffix rule list."""
    for strip, add, cond in rules:
        if word.endswith(strip) and cond.search(word):
            yield word[:len(word) - len(strip)] + add


def en_gb_verbs(entries, prefixes, suffixes):
    """en_GB (Marco Pinto's dictionary) spells the verbs in -ise (summarise, prioritise)
    and derives many of them from a noun by flag Q (-ise) or 8 (-ize): summary/Q gives
    summarise. G (-ing) and D (-ed) conjugate a verb as in en_US."""
    verbs, nouns = en_verbs(entries, prefixes)
    for w, f in lowercase_words(entries):
        for flag in "Q8":
            if flag in f:
                verbs.update(v for v in suffixed(w, suffixes.get(flag, []))
                             if v.endswith(("ise", "ize", "yse", "yze")))
    return verbs, nouns


def read_prefixes(path, encoding):
    """Flag -> prefix of the affix file's unconditional prefix rules (PFX A 0 re .)."""
    out = {}
    with open(path, encoding=encoding) as f:
        for line in f:
            p = line.split()
            if len(p) >= 5 and p[0] == "PFX" and p[2] == "0" and p[4] == ".":
                out[p[1]] = p[3]
    return out


def build(dicdir, lang):
    base, enc, fn = LANGS[lang]
    path = os.path.join(dicdir, base + ".dic")
    if not os.path.exists(path):
        sys.exit("lexicon.py: %s is missing (install hunspell-en-us, hunspell-sv and "
                 "hunspell-no: scripts/deps.sh)" % path)
    entries = read_dic(path, enc)
    if lang == "en":
        verbs, nouns = fn(entries, read_prefixes(os.path.join(dicdir, base + ".aff"), enc))
        # British spellings (enrol, analyse, summarise) from en_GB beside en_US
        gb = os.path.join(dicdir, "en_GB")
        if not os.path.exists(gb + ".dic"):
            sys.exit("lexicon.py: %s.dic is missing (install hunspell-en-gb: scripts/deps.sh)"
                     % gb)
        v, n = en_gb_verbs(read_dic(gb + ".dic", "utf-8"),
                           read_prefixes(gb + ".aff", "utf-8"),
                           read_suffixes(gb + ".aff", "utf-8"))
        # only the spellings en_US lacks: en_GB's flags make verbs of more nouns
        # (decision/DG), which en_US keeps apart
        us = {w for w, _ in entries}
        verbs |= {w for w in v if w not in us}
        nouns |= {w for w in n if w not in us}
        return verbs, nouns
    return fn(entries)


def c_array(f, name, words):
    data = b"".join(w + b"\n" for w in sorted(w.encode("utf-8") for w in words))
    f.write("static const unsigned char %s[] = {\n" % name)
    for i in range(0, len(data), 24):
        f.write("\t" + ",".join(str(b) for b in data[i:i + 24]) + ",\n")
    f.write("\t0};\n\n")
    return len(data)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--probe":
        verbs, nouns = build(sys.argv[2], sys.argv[3])
        for w in sys.argv[4:]:
            print(w, "verb" if w in verbs else "-", "noun" if w in nouns else "")
        return
    out, dicdir = sys.argv[1], sys.argv[2]
    with open(out, "w") as f:
        f.write("/* Generated by scripts/lexicon.py from the hunspell dictionaries in %s: "
                "do not edit. */\n" % dicdir)
        f.write("#include \"check_lexicon_data.h\"\n\n")
        names = []
        for lang in ("en", "nb", "sv"):
            verbs, nouns = build(dicdir, lang)
            nv = c_array(f, "verbs_" + lang, verbs)
            nn = c_array(f, "nouns_" + lang, nouns)
            names.append((lang, nv, nn, len(verbs), len(nouns)))
        f.write("const struct ka_lexicon_list ka_lexicon_verbs[3] = {\n")
        for lang, nv, _, n, _ in names:
            f.write("    {verbs_%s, %d, %d},\n" % (lang, nv, n))
        f.write("};\n\nconst struct ka_lexicon_list ka_lexicon_nouns[3] = {\n")
        for lang, _, nn, _, n in names:
            f.write("    {nouns_%s, %d, %d},\n" % (lang, nn, n))
        f.write("};\n")


if __name__ == "__main__":
    main()
