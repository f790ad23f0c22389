#!/usr/bin/env python3
"""Writes scikit-learn's bundled real data sets (iris, wine, breast cancer, digits) as train/test
files, LIBSVM and CSV, and scores a tuned scikit-learn MLPClassifier on them.

Usage: compare-sklearn.py OUT_DIR   -> OUT_DIR/<name>/{train,test}.{csv,libsvm} and OUT_DIR/sklearn.json
"""
import json
import os
import sys

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def write_csv(path, X, y):
    with open(path, "w") as f:
        for label, row in zip(y, X):
            f.write(",".join([str(int(label))] + [repr(float(v)) for v in row]) + "\n")


def write_libsvm(path, X, y):
    with open(path, "w") as f:
        for label, row in zip(y, X):
            fields = [f"{j + 1}:{float(v)!r}" for j, v in enumerate(row) if v != 0]
            f.write(" ".join([str(int(label))] + fields) + "\n")


def main(out):
    loaders = {"iris": load_iris, "wine": load_wine, "breast_cancer": load_breast_cancer, "digits": load_digits}
    results = {}
    for name, load in loaders.items():
        X, y = load(return_X_y=True)
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
        d = os.path.join(out, name)
        os.makedirs(d, exist_ok=True)
        write_csv(os.path.join(d, "train.csv"), X_train, y_train)
        write_csv(os.path.join(d, "test.csv"), X_test, y_test)
        write_libsvm(os.path.join(d, "train.libsvm"), X_train, y_train)
        write_libsvm(os.path.join(d, "test.libsvm"), X_test, y_test)
        # "well tuned": standardized inputs, a grid over width and L2, 5-fold CV on the training set
        grid = GridSearchCV(
            make_pipeline(StandardScaler(), MLPClassifier(max_iter=1000, random_state=0)),
            {"mlpclassifier__hidden_layer_sizes": [(50,), (100,), (100, 50)],
             "mlpclassifier__alpha": [1e-4, 1e-3, 1e-2, 1e-1]},
            cv=5, n_jobs=2)
        grid.fit(X_train, y_train)
        results[name] = {
            "rows_train": int(len(y_train)), "rows_test": int(len(y_test)), "features": int(X.shape[1]),
            "classes": int(len(np.unique(y))), "sklearn_test_accuracy": float(grid.score(X_test, y_test)),
            "sklearn_best_params": {k.split("__")[1]: str(v) for k, v in grid.best_params_.items()},
        }
        print(f"{name}: sklearn tuned MLP test accuracy {results[name]['sklearn_test_accuracy']:.4f} {grid.best_params_}",
              file=sys.stderr)
    with open(os.path.join(out, "sklearn.json"), "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main(sys.argv[1])
