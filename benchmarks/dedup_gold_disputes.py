"""Gold groups of the labelled sets that the sets' own duplicate definition contradicts.

Rathbone et al. (2015) and ASySD count a record as a duplicate only when it is the
same bibliographic record: an erratum, a reply, a trial registration of another arm
or the same abstract at another meeting is a record of its own. The groups below
join such records (bib-dedupe's reconstruction of Rathbone's flags, and the
McKeown & Mir groups behind ASySD's false negatives); each was read record by
record. ``dedup_accuracy`` reports sensitivity with and without them; specificity
is always computed on the full gold.

Format: set -> {gold group id: why the gold is wrong}.
"""

from __future__ import annotations

DISPUTED: dict[str, dict[str, str]] = {
    "rathbone_haematology": {
        "5": "a letter grouped with the authors' reply (other authors, own page 945)",
        "112": "the paper (9(5):1223) grouped with two notices filed under its title "
               "(9(9):2205, 9(11):2647) and an erratum",
        "113": "NEJM 360(5):542 grouped with its erratum 360(23):2487",
        "73": "Am J Hematol 85(8):553 grouped with a one-page item by one author in 85(11):911",
        "80": "PNAS 104(1):240 grouped with its erratum in 104(25)",
        "106": "four trial registrations of different arms (adult/adolescent, "
               "plasma-sensitive/resistant)",
        "110": "two trial registrations (plasma therapy-resistant vs -sensitive)",
        "60": "one abstract at two meetings: Br J Haematol 145 Suppl 1:23 and "
              "Haematologica 94 Suppl 2:239",
        "57": "a one-page item in Pediatr Nephrol 25(9) (the congress-abstract issue) vs the "
              "four-page paper in 25(12)",
        "100": "a one-page item in Pediatr Nephrol 22(9) (the congress-abstract issue) vs the "
               "four-page paper in 22(12)",
    },
    "mckeown2021_asysd_false_negatives": {
        "3": "two different papers (Carhart-Harris 2016 congress talk vs Rabin et al. 2002)",
        "19": "a 2015 dissertation vs the 2016 journal article",
        "125": "two different commentaries (Shebloski 2016, Snyder 2006)",
        "142": "one article printed in two journals (Am Fam Phys 33(3) and Ohio State Med J 82(8))",
        "146": "two different papers (Fischer 1971 vs Garcia-Romeu 2018)",
        "319": "two different papers by one group (J Chromatogr 1985 and 1989)",
        "799": "two different papers (Passie 2002 vs Weidmann 1958)",
        "914": "a third, unrelated paper (Bermond 1967) in the group",
    },
}
