"""Field checks on the first record of one export per (format, vendor) in the corpora.

Expected values were read from the files themselves (first record of each).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import litsearch.importers  # noqa: F401  (registers every reader)
from litsearch.importers.registry import detect
from litsearch.importers.source import Source

FIRST_RECORDS = [
    ('bibtex/acm__colrev__acm_bib.bib', {'title': 'This is a dummy article', 'author': 'Articlewriter', 'year': 1900, 'doi': '10.3333/7777777', 'pmid': None, 'abstract': True, 'id': '10.1111/7777777', 'database': None}),
    ('bibtex/dblp__colrev__dblp_bib.bib', {'title': 'This is a dummy article', 'author': 'Articlewriter', 'year': 2022, 'doi': '10.1111/7777777', 'pmid': None, 'abstract': False, 'id': 'DBLP:journals/shortjournalname/Articlewriter22', 'database': None}),
    ('bibtex/ebsco__colrev__ebsco_bib.bib', {'title': 'Paper title.', 'author': 'Smith', 'year': 2000, 'doi': None, 'pmid': None, 'abstract': True, 'id': '11111111111111111', 'database': None}),
    ('bibtex/endnote__colandr__example-endnote.bib', {'title': 'TITLE1', 'author': 'LAST_NAME1_1', 'year': 2001, 'doi': '10.5555/111111111', 'pmid': None, 'abstract': True, 'id': 'RN1', 'database': None}),
    ('bibtex/europepmc__colrev__europe_pmc_bib.bib', {'title': 'When there is a PERCENTAGE symbol anywhe', 'author': 'Articlewriter', 'year': 2023, 'doi': '10.1111/s5555-333-55555-1', 'pmid': '18888888', 'abstract': True, 'id': 'PMID:18888888', 'database': 'Europe PMC'}),
    ('bibtex/mendeley__colandr__example-mendeley.bib', {'title': 'TITLE1', 'author': 'LAST_NAME1_1', 'year': 2001, 'doi': '10.5555/111111111', 'pmid': None, 'abstract': True, 'id': 'EXAMPLE1', 'database': None}),
    ('bibtex/proquest__colrev__abi_inform_proquest_bib.bib', {'title': 'This is a dummy title', 'author': 'Articlewriter', 'year': 2020, 'doi': '10.3333/xyz.v4444.04', 'pmid': None, 'abstract': True, 'id': 'articlewriter_firstrandomword_2020', 'database': None}),
    ('bibtex/scopus__bibliometrix__scopus.bib', {'title': 'Regression trees for multivalued numeric', 'author': "D'Ambrosio", 'year': 2017, 'doi': '10.1016/j.eswa.2016.10.021', 'pmid': None, 'abstract': True, 'id': "D'Ambrosio20171339", 'database': 'Scopus'}),
    ('bibtex/tandf__colrev__taylor_and_francis_bib.bib', {'title': 'This is a dummy title from publisher Tay', 'author': 'Does', 'year': 2018, 'doi': '10.1111/07777777.2018.1666666', 'pmid': None, 'abstract': False, 'id': 'doi:10.1111/07777777.2018.1666666', 'database': None}),
    ('bibtex/wiley__colrev__wiley_bib.bib', {'title': 'Dummy: write down your ideas', 'author': 'Inbookwriter', 'year': 2016, 'doi': '10.1111/1111222233334.ch29', 'pmid': None, 'abstract': True, 'id': 'doi:https://doi.org/10.1111/1111222233334.ch29', 'database': None}),
    ('bibtex/wos__bibliometrix__DISES.bib', {'title': 'Parsimonious time series clustering usin', 'author': 'Iorio', 'year': 2016, 'doi': '10.1016/j.eswa.2016.01.004', 'pmid': None, 'abstract': True, 'id': 'ISI:000371557900003', 'database': 'Web of Science'}),
    ('bibtex/zotero__ASySD__zotero_export.bib', {'title': 'Microangiography of the humeral condyle ', 'author': 'Larsen', 'year': 1999, 'doi': None, 'pmid': None, 'abstract': True, 'id': 'larsen_microangiography_1999', 'database': None}),
    ('csv/abstrackr__citation-file-formatting___baseline_abstrackr.csv', {'title': 'A new small duckbilled dinosaur (Hadrosa', 'author': 'Longrich', 'year': None, 'doi': None, 'pmid': None, 'abstract': True, 'id': '41893415', 'database': None}),
    ('csv/cinahl-ebsco__citation-file-formatting___baseline_cinahl.csv', {'title': 'Osteohistological insight into the growt', 'author': 'Curry Rogers', 'year': 2024, 'doi': '10.1371/journal.pone.0298242', 'pmid': None, 'abstract': True, 'id': '176404503', 'database': 'CINAHL'}),
    ('csv/cochrane__citation-file-formatting___baseline_cochrane.csv', {'title': 'The Incredible Years Therapeutic Dinosau', 'author': 'Bywater', 'year': 2011, 'doi': '10.1186/1745-6215-12-39', 'pmid': '21314913', 'abstract': True, 'id': 'CN-00778158', 'database': 'Cochrane CENTRAL'}),
    ('csv/covidence__citation-file-formatting___baseline_covidence.csv', {'title': 'Cellular structure of dinosaur scales re', 'author': 'Yang', 'year': 2024, 'doi': '10.1038/s41467-024-48400-3', 'pmid': None, 'abstract': True, 'id': '#1', 'database': None}),
    ('csv/embase__asreview__embase.csv', {'title': 'Duplication cysts: Diagnosis, management', 'author': 'Liu', 'year': 2014, 'doi': None, 'pmid': None, 'abstract': True, 'id': None, 'database': 'Embase'}),
    ('csv/gscholar__citation-file-formatting___baseline_googlescholar.csv', {'title': 'Did dinosaurs invent flowers? Dinosaur–a', 'author': 'Barrett', 'year': 2001, 'doi': None, 'pmid': None, 'abstract': False, 'id': None, 'database': 'Google Scholar'}),
    ('csv/ieee__colrev__ieee_csv.csv', {'title': 'Rural Outsourcing: Delivering ITO and BP', 'author': 'Rottman', 'year': None, 'doi': '10.1109/mc.2011.377', 'pmid': None, 'abstract': True, 'id': None, 'database': None}),
    ('csv/lens__bibliometrix__lens_sample.csv', {'title': 'Dynamic real-time risk analytics of unco', 'author': 'Radanliev', 'year': 2020, 'doi': '10.1007/s10669-020-09792-x', 'pmid': '33251087', 'abstract': True, 'id': '000-360-106-493-122', 'database': 'Lens.org'}),
    ('csv/openalex__bibliometrix__openalex_sample.csv', {'title': 'bibliometrix : An R-tool for comprehensi', 'author': 'Aria', 'year': 2017, 'doi': '10.1016/j.joi.2017.08.007', 'pmid': None, 'abstract': False, 'id': 'https://openalex.org/W2755950973', 'database': 'OpenAlex'}),
    ('csv/pubmed__citation-file-formatting___baseline_pubmed.csv', {'title': 'Time lapse: A glimpse into prehistoric g', 'author': 'Griffin', 'year': 2020, 'doi': '10.1016/j.ejmg.2019.03.004', 'pmid': '30922926', 'abstract': False, 'id': '30922926', 'database': 'PubMed'}),
    ('csv/rayyan__citation-file-formatting___baseline_rayyan.csv', {'title': 'Cellular structure of dinosaur scales re', 'author': 'Yang', 'year': 2024, 'doi': '10.1038/s41467-024-48400-3', 'pmid': None, 'abstract': True, 'id': 'rayyan-42924189', 'database': None}),
    ('csv/refworks__citation-file-formatting___baseline_refworks.tsv', {'title': 'The effect of intra-arterial angiotensin', 'author': 'van den Hoven', 'year': 2014, 'doi': '10.1016/j.jvir.2013.12.293', 'pmid': None, 'abstract': True, 'id': '100,doc:61b997e48f08e21cc56b3955', 'database': None}),
    ('csv/springer__colrev__springer_csv.csv', {'title': 'Publication tilte', 'author': 'Smith', 'year': 2000, 'doi': '10.1007/11111', 'pmid': None, 'abstract': False, 'id': None, 'database': 'SpringerLink'}),
    ('csv/wos-biosis__litsearchr__BBWO-BIOSIS-062118.csv', {'title': "Predictors of Bachman's Sparrow Occupanc", 'author': 'Fish', 'year': 2018, 'doi': None, 'pmid': None, 'abstract': True, 'id': 'BCI:BCI201800383274', 'database': 'BIOSIS Previews'}),
    ('csv/wos-zoorec__litsearchr__BBWO-ZooRec-062118.csv', {'title': "Predictors of Bachman's Sparrow Occupanc", 'author': 'Fish', 'year': 2018, 'doi': None, 'pmid': None, 'abstract': True, 'id': 'ZOOREC:ZOOR15406036038', 'database': 'Zoological Record'}),
    ('csv/zotero__citation-file-formatting___baseline_zotero.csv', {'title': 'Cellular structure of dinosaur scales re', 'author': 'Yang', 'year': 2024, 'doi': '10.1038/s41467-024-48400-3', 'pmid': None, 'abstract': True, 'id': 'YVC6GC78', 'database': None}),
    ('endnote-xml/endnote__RefLib__Dump-Converted_test.xml', {'title': "AAN's First 21st-Century Position Statem", 'author': '', 'year': 2021, 'doi': '10.1212/wnl.0000000000012606', 'pmid': '34520387', 'abstract': True, 'id': '9092', 'database': 'cin20'}),
    ('other/ais-enw__colrev__ais_enl.txt', {'title': 'How Trust Leads to Commitment on Microso', 'author': 'Guo', 'year': 2021, 'doi': None, 'pmid': None, 'abstract': True, 'id': None, 'database': None}),
    ('other/ovid-display__jabref__OvidImporterTest3.txt', {'title': 'Effects of computer-aided clinical decis', 'author': 'Holstiege', 'year': 2014, 'doi': '10.1136/amiajnl-2014-002886', 'pmid': None, 'abstract': True, 'id': '00042637-900000000-99667', 'database': None}),
    ('other/ovid-embase__commandline4expertsearchers__Embase_citavi_r3001-3002.ovd', {'title': 'Quality of life in patients with primary', 'author': 'Behan', 'year': 2018, 'doi': '10.1186/s12919-018-0099-8', 'pmid': None, 'abstract': True, 'id': '621381829', 'database': 'Embase'}),
    ('other/proquest__metaknowledge__ProQuest_TestFile.testtxt', {'title': 'Entrenchment and the Kripke-Wittgenstein', 'author': 'Dorst', 'year': 2014, 'doi': None, 'pmid': None, 'abstract': True, 'id': '1548716365', 'database': 'ProQuest Dissertations & Theses Global'}),
    ('other/pubmed-pmid__commandline4expertsearchers__pmid.txt', {'title': '', 'author': '', 'year': None, 'doi': None, 'pmid': '30668574', 'abstract': False, 'id': '30668574', 'database': 'PubMed'}),
    ('scopus-csv/scopus__bibliometrix__scopus_sample.csv', {'title': 'Quantitative analysis of studies that us', 'author': 'Liu', 'year': 2026, 'doi': '10.1177/20552076261415846', 'pmid': None, 'abstract': True, 'id': '2-s2.0-105030721984', 'database': 'Scopus'}),
    ('wos-tab/wos__ScientoPy__wos_2026_04_02_4071.txt', {'title': 'Design and Implementation of a Wearable ', 'author': 'Sheeja Prakash', 'year': 2023, 'doi': '10.1002/adsr.202300058', 'pmid': None, 'abstract': True, 'id': 'WOS:001242600300012', 'database': 'Web of Science Core Collection'}),
    ('wos-tab/wos-biosis__synthesisr__WoS_biosis.txt', {'title': 'Cross-scale occupancy dynamics of a post', 'author': 'Tingley', 'year': 2018, 'doi': '10.1111/1365-2656.12851', 'pmid': '29782655', 'abstract': True, 'id': 'BIOSIS:PREV201800796061', 'database': 'BIOSIS Previews'}),
    ('wos-tab/wos-currentcontents__litsearchr__WoS_current_contents.txt', {'title': 'Effects of pine-oak woodland restoration', 'author': 'Roach', 'year': 2019, 'doi': None, 'pmid': None, 'abstract': True, 'id': 'CCC:000461270600041', 'database': 'Current Contents Connect'}),
    ('wos-tab/wos-medline__litsearchr__WoS_medline.txt', {'title': 'Cross-scale occupancy dynamics of a post', 'author': 'Tingley', 'year': 2018, 'doi': '10.1111/1365-2656.12851', 'pmid': '29782655', 'abstract': True, 'id': 'MEDLINE:29782655', 'database': 'MEDLINE (Web of Science)'}),
    ('wos-tab/wos-zoorec__synthesisr__WoS_zoological.txt', {'title': 'Cross-scale occupancy dynamics of a post', 'author': 'Tingley', 'year': 2018, 'doi': None, 'pmid': '29782655', 'abstract': True, 'id': 'ZOOREC:ZOOR15411078200', 'database': 'Zoological Record'}),
    ('wos-tagged/inspec__jabref__IsiImporterTestInspec.isi', {'title': 'Second harmonic generation of continuous', 'author': "Degl'Innocenti", 'year': 2006, 'doi': None, 'pmid': None, 'abstract': True, 'id': 'INSPEC:9027814', 'database': 'Inspec'}),
    ('wos-tagged/wos__bibliometrix__bibliometric_in_management.txt', {'title': 'Network Bibliometrics of Public Policy J', 'author': 'Adams', 'year': 2016, 'doi': '10.1111/psj.12149', 'pmid': None, 'abstract': True, 'id': 'WOS:000375145600008', 'database': 'Web of Science Core Collection'}),
    ('wos-tagged/wos-medline__jabref__IsiImporterTestMedline.isi', {'title': 'Effects of modafinil on cognitive perfor', 'author': 'Wesensten', 'year': 2006, 'doi': None, 'pmid': '16842170', 'abstract': False, 'id': 'MEDLINE:16842170', 'database': 'MEDLINE (Web of Science)'}),
    ('wos-tagged/wos-zoorec__synthesisr__zoorec.txt', {'title': 'Nest site selection and nest survival of', 'author': 'Stillman', 'year': 2019, 'doi': None, 'pmid': None, 'abstract': True, 'id': 'ZOOREC:ZOOR15512090342', 'database': 'Zoological Record'}),
]


@pytest.mark.parametrize(("path", "expected"), FIRST_RECORDS, ids=[p for p, _ in FIRST_RECORDS])
def test_first_record_fields(shared_dir: Path, path: str, expected: dict) -> None:
    source = Source.from_path(shared_dir / "corpora" / path)
    record = next(iter(detect(source).read(source)))
    assert (record.title or "").startswith(expected["title"])
    assert record.first_author() == expected["author"]
    assert record.year == expected["year"]
    assert record.doi == expected["doi"]
    assert record.pmid == expected["pmid"]
    assert bool(record.abstract) is expected["abstract"]
    assert record.source_record_id == expected["id"]
    assert record.database == expected["database"]
    assert record.position == 1
