"""Field checks on the first record of one export per (format, vendor) in the corpora.

Expected values were read from the files themselves (first record of each).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import litsearch.importers  # noqa: F401  (registers every reader)
from litsearch.importers.registry import detect
from litsearch.importers.source import Source

#: (path, title prefix, first author, year, doi, pmid, has abstract, source_record_id, database)
FIRST_RECORDS = [
    ('bibtex/acm__colrev__acm_bib.bib',
     'This is a dummy article', 'Articlewriter', 1900, '10.3333/7777777', None, True,
     '10.1111/7777777', None),
    ('bibtex/dblp__colrev__dblp_bib.bib',
     'This is a dummy article', 'Articlewriter', 2022, '10.1111/7777777', None, False,
     'DBLP:journals/shortjournalname/Articlewriter22', None),
    ('bibtex/ebsco__colrev__ebsco_bib.bib',
     'Paper title.', 'Smith', 2000, None, None, True, '11111111111111111', None),
    ('bibtex/endnote__colandr__example-endnote.bib',
     'TITLE1', 'LAST_NAME1_1', 2001, '10.5555/111111111', None, True, 'RN1', None),
    ('bibtex/europepmc__colrev__europe_pmc_bib.bib',
     'When there is a PERCENTAGE symbol anywhe', 'Articlewriter', 2023,
     '10.1111/s5555-333-55555-1', '18888888', True, 'PMID:18888888', 'Europe PMC'),
    ('bibtex/mendeley__colandr__example-mendeley.bib',
     'TITLE1', 'LAST_NAME1_1', 2001, '10.5555/111111111', None, True, 'EXAMPLE1', None),
    ('bibtex/proquest__colrev__abi_inform_proquest_bib.bib',
     'This is a dummy title', 'Articlewriter', 2020, '10.3333/xyz.v4444.04', None, True,
     'articlewriter_firstrandomword_2020', None),
    ('bibtex/scopus__bibliometrix__scopus.bib',
     'Regression trees for multivalued numeric', "D'Ambrosio", 2017, '10.1016/j.eswa.2016.10.021',
     None, True, "D'Ambrosio20171339", 'Scopus'),
    ('bibtex/tandf__colrev__taylor_and_francis_bib.bib',
     'This is a dummy title from publisher Tay', 'Does', 2018, '10.1111/07777777.2018.1666666',
     None, False, 'doi:10.1111/07777777.2018.1666666', None),
    ('bibtex/wiley__colrev__wiley_bib.bib',
     'Dummy: write down your ideas', 'Inbookwriter', 2016, '10.1111/1111222233334.ch29', None,
     True, 'doi:https://doi.org/10.1111/1111222233334.ch29', None),
    ('bibtex/wos__bibliometrix__DISES.bib',
     'Parsimonious time series clustering usin', 'Iorio', 2016, '10.1016/j.eswa.2016.01.004',
     None, True, 'ISI:000371557900003', 'Web of Science'),
    ('bibtex/zotero__ASySD__zotero_export.bib',
     'Microangiography of the humeral condyle ', 'Larsen', 1999, None, None, True,
     'larsen_microangiography_1999', None),
    ('csv/abstrackr__citation-file-formatting___baseline_abstrackr.csv',
     'A new small duckbilled dinosaur (Hadrosa', 'Longrich', None, None, None, True, '41893415',
     None),
    ('csv/cinahl-ebsco__citation-file-formatting___baseline_cinahl.csv',
     'Osteohistological insight into the growt', 'Curry Rogers', 2024,
     '10.1371/journal.pone.0298242', None, True, '176404503', 'CINAHL'),
    ('csv/cochrane__citation-file-formatting___baseline_cochrane.csv',
     'The Incredible Years Therapeutic Dinosau', 'Bywater', 2011, '10.1186/1745-6215-12-39',
     '21314913', True, 'CN-00778158', 'Cochrane CENTRAL'),
    ('csv/covidence__citation-file-formatting___baseline_covidence.csv',
     'Cellular structure of dinosaur scales re', 'Yang', 2024, '10.1038/s41467-024-48400-3', None,
     True, '#1', None),
    ('csv/embase__asreview__embase.csv',
     'Duplication cysts: Diagnosis, management', 'Liu', 2014, None, None, True, None, 'Embase'),
    ('csv/gscholar__citation-file-formatting___baseline_googlescholar.csv',
     'Did dinosaurs invent flowers? Dinosaur–a', 'Barrett', 2001, None, None, False, None,
     'Google Scholar'),
    ('csv/ieee__colrev__ieee_csv.csv',
     'Rural Outsourcing: Delivering ITO and BP', 'Rottman', None, '10.1109/mc.2011.377', None,
     True, None, None),
    ('csv/lens__bibliometrix__lens_sample.csv',
     'Dynamic real-time risk analytics of unco', 'Radanliev', 2020, '10.1007/s10669-020-09792-x',
     '33251087', True, '000-360-106-493-122', 'Lens.org'),
    ('csv/openalex__bibliometrix__openalex_sample.csv',
     'bibliometrix : An R-tool for comprehensi', 'Aria', 2017, '10.1016/j.joi.2017.08.007', None,
     False, 'https://openalex.org/W2755950973', 'OpenAlex'),
    ('csv/pubmed__citation-file-formatting___baseline_pubmed.csv',
     'Time lapse: A glimpse into prehistoric g', 'Griffin', 2020, '10.1016/j.ejmg.2019.03.004',
     '30922926', False, '30922926', 'PubMed'),
    ('csv/rayyan__citation-file-formatting___baseline_rayyan.csv',
     'Cellular structure of dinosaur scales re', 'Yang', 2024, '10.1038/s41467-024-48400-3', None,
     True, 'rayyan-42924189', None),
    ('csv/refworks__citation-file-formatting___baseline_refworks.tsv',
     'The effect of intra-arterial angiotensin', 'van den Hoven', 2014,
     '10.1016/j.jvir.2013.12.293', None, True, '100,doc:61b997e48f08e21cc56b3955', None),
    ('csv/springer__colrev__springer_csv.csv',
     'Publication tilte', 'Smith', 2000, '10.1007/11111', None, False, None, 'SpringerLink'),
    ('csv/wos-biosis__litsearchr__BBWO-BIOSIS-062118.csv',
     "Predictors of Bachman's Sparrow Occupanc", 'Fish', 2018, None, None, True,
     'BCI:BCI201800383274', 'BIOSIS Previews'),
    ('csv/wos-zoorec__litsearchr__BBWO-ZooRec-062118.csv',
     "Predictors of Bachman's Sparrow Occupanc", 'Fish', 2018, None, None, True,
     'ZOOREC:ZOOR15406036038', 'Zoological Record'),
    ('csv/zotero__citation-file-formatting___baseline_zotero.csv',
     'Cellular structure of dinosaur scales re', 'Yang', 2024, '10.1038/s41467-024-48400-3', None,
     True, 'YVC6GC78', None),
    ('endnote-xml/endnote__RefLib__Dump-Converted_test.xml',
     "AAN's First 21st-Century Position Statem", '', 2021, '10.1212/wnl.0000000000012606',
     '34520387', True, '9092', 'cin20'),
    ('other/ais-enw__colrev__ais_enl.txt',
     'How Trust Leads to Commitment on Microso', 'Guo', 2021, None, None, True, None, None),
    ('other/ovid-display__jabref__OvidImporterTest3.txt',
     'Effects of computer-aided clinical decis', 'Holstiege', 2014, '10.1136/amiajnl-2014-002886',
     None, True, '00042637-900000000-99667', None),
    ('other/ovid-embase__commandline4expertsearchers__Embase_citavi_r3001-3002.ovd',
     'Quality of life in patients with primary', 'Behan', 2018, '10.1186/s12919-018-0099-8', None,
     True, '621381829', 'Embase'),
    ('other/proquest__metaknowledge__ProQuest_TestFile.testtxt',
     'Entrenchment and the Kripke-Wittgenstein', 'Dorst', 2014, None, None, True, '1548716365',
     'ProQuest Dissertations & Theses Global'),
    ('other/pubmed-pmid__commandline4expertsearchers__pmid.txt',
     '', '', None, None, '30668574', False, '30668574', 'PubMed'),
    ('scopus-csv/scopus__bibliometrix__scopus_sample.csv',
     'Quantitative analysis of studies that us', 'Liu', 2026, '10.1177/20552076261415846', None,
     True, '2-s2.0-105030721984', 'Scopus'),
    ('wos-tab/wos__ScientoPy__wos_2026_04_02_4071.txt',
     'Design and Implementation of a Wearable ', 'Sheeja Prakash', 2023, '10.1002/adsr.202300058',
     None, True, 'WOS:001242600300012', 'Web of Science Core Collection'),
    ('wos-tab/wos-biosis__synthesisr__WoS_biosis.txt',
     'Cross-scale occupancy dynamics of a post', 'Tingley', 2018, '10.1111/1365-2656.12851',
     '29782655', True, 'BIOSIS:PREV201800796061', 'BIOSIS Previews'),
    ('wos-tab/wos-currentcontents__litsearchr__WoS_current_contents.txt',
     'Effects of pine-oak woodland restoration', 'Roach', 2019, None, None, True,
     'CCC:000461270600041', 'Current Contents Connect'),
    ('wos-tab/wos-medline__litsearchr__WoS_medline.txt',
     'Cross-scale occupancy dynamics of a post', 'Tingley', 2018, '10.1111/1365-2656.12851',
     '29782655', True, 'MEDLINE:29782655', 'MEDLINE (Web of Science)'),
    ('wos-tab/wos-zoorec__synthesisr__WoS_zoological.txt',
     'Cross-scale occupancy dynamics of a post', 'Tingley', 2018, None, '29782655', True,
     'ZOOREC:ZOOR15411078200', 'Zoological Record'),
    ('wos-tagged/inspec__jabref__IsiImporterTestInspec.isi',
     'Second harmonic generation of continuous', "Degl'Innocenti", 2006, None, None, True,
     'INSPEC:9027814', 'Inspec'),
    ('wos-tagged/wos__bibliometrix__bibliometric_in_management.txt',
     'Network Bibliometrics of Public Policy J', 'Adams', 2016, '10.1111/psj.12149', None, True,
     'WOS:000375145600008', 'Web of Science Core Collection'),
    ('wos-tagged/wos-medline__jabref__IsiImporterTestMedline.isi',
     'Effects of modafinil on cognitive perfor', 'Wesensten', 2006, None, '16842170', False,
     'MEDLINE:16842170', 'MEDLINE (Web of Science)'),
    ('wos-tagged/wos-zoorec__synthesisr__zoorec.txt',
     'Nest site selection and nest survival of', 'Stillman', 2019, None, None, True,
     'ZOOREC:ZOOR15512090342', 'Zoological Record'),
]


@pytest.mark.parametrize("row", FIRST_RECORDS, ids=[r[0] for r in FIRST_RECORDS])
def test_first_record_fields(shared_dir: Path, row: tuple) -> None:
    path, title, author, year, doi, pmid, has_abstract, ident, database = row
    source = Source.from_path(shared_dir / "corpora" / path)
    record = next(iter(detect(source).read(source)))
    assert (record.title or "").startswith(title)
    assert record.first_author() == author
    assert (record.year, record.doi, record.pmid) == (year, doi, pmid)
    assert bool(record.abstract) is has_abstract
    assert (record.source_record_id, record.database) == (ident, database)
    assert record.position == 1
