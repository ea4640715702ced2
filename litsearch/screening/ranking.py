"""Relevance ranking: text features and the models that learn from screening decisions.

Features are computed once per review (TF-IDF is unsupervised, so it may see every
record); a model is then fitted on the labelled rows and scores every row. The
default is ASReview 3's default rebuilt (ELAS u4: TF-IDF word 1-2-grams, linear SVM,
class weights); the other models add character n-grams (Dutch compounds, spelling
variants) or average the ranks of two learners (see docs/ranking.md for how the
default was chosen). Everything is scikit-learn: no weights are downloaded."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.stats import rankdata
from sklearn.exceptions import ConvergenceWarning

from ..errors import ScreeningError

#: Bumped whenever a model's parameters change, so a stored rank names what made it.
MODELS_VERSION = "1"


@dataclass(frozen=True)
class Features:
    """Feature matrices for every row of a pool, in row order."""

    words: sp.csr_matrix
    chars: sp.csr_matrix | None
    vocabulary: np.ndarray  # word feature names, for explaining a score

    @property
    def rows(self) -> int:
        return int(self.words.shape[0])


def record_text(title: str | None, abstract: str | None, keywords: str | None = None) -> str:
    """The text a model reads for one record: title, keywords and abstract."""
    return " ".join(p for p in (title, keywords, abstract) if p)


def build_features(texts: Sequence[str], chars: bool = True) -> Features:
    """TF-IDF features of every text (word 1-2-grams, sublinear tf, max_df 0.95; and
    character 3-5-grams within words when ``chars``)."""
    # scikit-learn's estimators pull in rich (through their HTML repr): imported here, on
    # first use, so the core stays free of terminal libraries when merely imported.
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not texts:
        raise ScreeningError("there are no records to rank.", "Import records first.")
    docs = [t if t.strip() else "_empty_" for t in texts]
    word_vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, max_df=0.95, min_df=1,
                               dtype=np.float64)
    try:
        words = word_vec.fit_transform(docs)
    except ValueError:  # every text is empty or a stop word: fall back to one dummy column
        word_vec = TfidfVectorizer(token_pattern=r"\S+", dtype=np.float64)
        words = word_vec.fit_transform(docs)
    char_m = None
    if chars:
        char_vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                                   min_df=2, max_df=0.95, max_features=200_000,
                                   dtype=np.float64)
        try:
            char_m = char_vec.fit_transform(docs)
        except ValueError:
            char_m = None
    return Features(words.tocsr(), None if char_m is None else char_m.tocsr(),
                    word_vec.get_feature_names_out())


def _balanced_weights(y: np.ndarray, ratio: float) -> np.ndarray:
    """Sample weights as ASReview's "balanced" balancer: each include weighs ``ratio *
    excludes / includes`` times an exclude, scaled so the weights average 1 (so two
    includes among 500 excludes still count, and C keeps its meaning)."""
    pos = max(int(y.sum()), 1)
    neg = max(int(len(y) - y.sum()), 1)
    w = np.where(y == 1, 1.0, pos / (ratio * neg)).astype(np.float64)
    return w * (len(y) / w.sum())


def _rank01(scores: np.ndarray) -> np.ndarray:
    """Scores turned into ranks scaled to 0..1 (ties share the mean rank)."""
    # Equal scores get equal ranks: ranked by row, the last of a set of records the
    # model cannot tell apart (no text, the same text) came first, whatever the random seed.
    ranks = rankdata(scores, method="average") - 1.0
    return ranks / max(len(scores) - 1, 1)


def _trusted():
    """scikit-learn's settings for inputs built here: its checks of the parameters and
    of every value being finite are skipped. A simulation fits hundreds of small models,
    and those checks (repeated per fit and per scoring) cost about a fifth of its CPU;
    the features are TF-IDF built by build_features (finite by construction) and the
    parameters are constants of this module, so the checks can never fail here."""
    from sklearn import config_context

    return config_context(assume_finite=True, skip_parameter_validation=True)


def _svm(x: sp.csr_matrix, y: np.ndarray, w: np.ndarray, c: float):
    from sklearn.svm import LinearSVC

    # liblinear's dual solver; 300 iterations are plenty for a ranking (the order of the
    # scores settles long before the last decimal of the margin does). It visits the
    # rows in a random order: a fixed random_state makes a ranking (and a simulation)
    # come out the same every run.
    with warnings.catch_warnings(), _trusted():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return LinearSVC(C=c, loss="squared_hinge", dual="auto", max_iter=300,
                         random_state=0).fit(x, y, sample_weight=w)


def _stack(features: Features) -> sp.csr_matrix:
    if features.chars is None:
        return features.words
    return sp.hstack([features.words, features.chars], format="csr")


def _margin(clf, x: sp.csr_matrix) -> np.ndarray:
    """A fitted linear model's decision values: one sparse product (scikit-learn's
    decision_function gives the same, after checking its input again on every call)."""
    return x @ clf.coef_.ravel() + clf.intercept_[0]


@dataclass(frozen=True)
class Fitted:
    """A fitted model's scores for every row and the word weights that explain them."""

    scores: np.ndarray  # higher = more likely relevant, 0..1
    word_weights: np.ndarray | None  # one weight per word feature (for explanations)


def fit_and_score(model: str, features: Features, labelled: np.ndarray,
                  y: np.ndarray) -> Fitted:
    """Fit ``model`` on the labelled rows and score every row.

    Args:
        model: A name from :data:`MODELS`.
        features: The pool's features.
        labelled: Row indices with a decision.
        y: 1 (include) / 0 (exclude) per labelled row, same order.

    Raises:
        ScreeningError: Unknown model, or labels of one class only.
    """
    if model not in MODELS:
        raise ScreeningError(f"unknown ranking model {model!r}.",
                             f"Choose one of: {', '.join(MODELS)}.")
    if len(set(y.tolist())) < 2:
        raise ScreeningError("a ranking model needs at least one include and one exclude.",
                             "Screen a few more records first.")
    return MODELS[model](features, labelled, y)


def _elas_u4(features: Features, labelled: np.ndarray, y: np.ndarray) -> Fitted:
    """ASReview 3's default, rebuilt: word 1-2-grams, linear SVM C=0.11, ratio 9.8."""
    x = features.words
    clf = _svm(x[labelled], y, _balanced_weights(y, 9.8), 0.11)
    raw = _margin(clf, x)
    return Fitted(_rank01(raw), clf.coef_.ravel())


def _nb(x: sp.csr_matrix, y: np.ndarray, w: np.ndarray):
    from sklearn.naive_bayes import MultinomialNB

    return MultinomialNB(alpha=3.822).fit(x, y, sample_weight=w)


def _svm_chars(features: Features, labelled: np.ndarray, y: np.ndarray) -> Fitted:
    """Word and character n-grams, one linear SVM."""
    x = _stack(features)
    clf = _svm(x[labelled], y, _balanced_weights(y, 9.8), 0.11)
    raw = _margin(clf, x)
    return Fitted(_rank01(raw), clf.coef_.ravel()[: features.words.shape[1]])


def _ensemble(features: Features, labelled: np.ndarray, y: np.ndarray) -> Fitted:
    """Mean rank of a word+character linear SVM and a multinomial naive Bayes on words
    (two learners that err differently: margins and word likelihoods)."""
    words = features.words
    w = _balanced_weights(y, 9.8)
    full = _stack(features)
    svm = _svm(full[labelled], y, w, 0.11)
    nb = _nb(words[labelled], y, w)
    nb_scores = nb.predict_log_proba(words)
    scores = (_rank01(_margin(svm, full))
              + _rank01(nb_scores[:, 1] - nb_scores[:, 0])) / 2.0
    return Fitted(scores, svm.coef_.ravel()[: words.shape[1]])


def _svm_nb(features: Features, labelled: np.ndarray, y: np.ndarray) -> Fitted:
    """Mean rank of a word-feature linear SVM and a multinomial naive Bayes on words."""
    words = features.words
    w = _balanced_weights(y, 9.8)
    svm = _svm(words[labelled], y, w, 0.11)
    nb = _nb(words[labelled], y, w)
    nb_scores = nb.predict_log_proba(words)
    scores = (_rank01(_margin(svm, words))
              + _rank01(nb_scores[:, 1] - nb_scores[:, 0])) / 2.0
    return Fitted(scores, svm.coef_.ravel())


def _lr(x: sp.csr_matrix, y: np.ndarray, w: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    with warnings.catch_warnings(), _trusted():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return LogisticRegression(C=1.0, solver="liblinear", dual=True, max_iter=300,
                                  random_state=0).fit(
            x, y, sample_weight=w)


def _svm_lr(features: Features, labelled: np.ndarray, y: np.ndarray) -> Fitted:
    """Mean rank of the word-feature linear SVM and an L2 logistic regression on words
    (hinge margins and log-loss probabilities weigh rare words differently)."""
    words = features.words
    w = _balanced_weights(y, 9.8)
    svm = _svm(words[labelled], y, w, 0.11)
    lr = _lr(words[labelled], y, w)
    scores = (_rank01(_margin(svm, words))
              + _rank01(_margin(lr, words))) / 2.0
    return Fitted(scores, svm.coef_.ravel())


#: Unlabelled records a BMI fit adds as presumed excludes (Cormack & Grossman's value).
PRESUMED_EXCLUDES = 100


def _svm_bmi(features: Features, labelled: np.ndarray, y: np.ndarray) -> Fitted:
    """The word SVM trained also on unlabelled records presumed excluded, drawn afresh at
    every fit (Cormack & Grossman's BMI, "Autonomy and reliability of continuous active
    learning for technology-assisted review", 2015): most of a pool is irrelevant, so a
    random draw from it is nearly all excludes and shows the model an ordinary record of
    this pool, where the labelled excludes are only those it ranked high. The draw is
    seeded by the number of labels, so a ranking repeats."""
    x = features.words
    pool = np.setdiff1d(np.arange(x.shape[0]), labelled)
    rng = np.random.default_rng(len(y))
    extra = rng.choice(pool, min(PRESUMED_EXCLUDES, len(pool)), replace=False)
    rows = np.concatenate([labelled, extra])
    yy = np.concatenate([y, np.zeros(len(extra), dtype=y.dtype)])
    clf = _svm(x[rows], yy, _balanced_weights(yy, 9.8), 0.11)
    return Fitted(_rank01(_margin(clf, x)), clf.coef_.ravel())


MODELS = {
    "elas-u4": _elas_u4,
    "svm-bmi": _svm_bmi,
    "svm-lr": _svm_lr,
    "svm-chars": _svm_chars,
    "ensemble": _ensemble,
    "svm-nb": _svm_nb,
}
#: Models that read character n-grams (the others need only word features).
CHAR_MODELS = frozenset({"svm-chars", "ensemble"})
#: The model `screen` and `simulate` use unless told otherwise.
DEFAULT_MODEL = "elas-u4"


def model_version(model: str) -> str:
    """The name stored with each decision, e.g. ``ensemble/1``."""
    return f"{model}/{MODELS_VERSION}"


def top_terms(features: Features, fitted: Fitted, row: int, n: int = 5) -> list[str]:
    """The words that pushed one row's score up most (weight x the row's TF-IDF)."""
    if fitted.word_weights is None:
        return []
    vec = features.words[row]
    contrib = vec.data * fitted.word_weights[vec.indices]
    best = np.argsort(-contrib)[:n]
    return [str(features.vocabulary[vec.indices[i]]) for i in best if contrib[i] > 0]
