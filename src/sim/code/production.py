import random
import time

from flask import Flask, abort, g, request
from prometheus_client import start_http_server, Counter, Histogram

app = Flask(__name__)

# Création d'une métrique de type compteur
REQUEST_COUNT = Counter('http_requests_total', 'Nombre total de requêtes HTTP',
                        ['method', 'endpoint', 'status'])
# Création d'un histogramme des durées (seaux par défaut de la bibliothèque)
REQUEST_LATENCY = Histogram('http_request_duration_seconds', 'Durée des requêtes HTTP en secondes',
                            ['method', 'endpoint'])

@app.before_request
def start_timer():
    g.start = time.perf_counter()  # Démarre le chronomètre de la requête

@app.after_request
def record_request(response):
    # Mesure la durée, puis compte la requête par méthode, chemin et statut
    duration = time.perf_counter() - g.start
    REQUEST_LATENCY.labels(method=request.method, endpoint=request.path).observe(duration)
    REQUEST_COUNT.labels(method=request.method, endpoint=request.path,
                         status=response.status_code).inc()
    return response

@app.route('/')
def index():
    return "Hello, world!"

@app.route('/about')
def about():
    return "About this app"

@app.route('/api/users')
def users():
    time.sleep(0.15)  # Simule une requête lente à la base de données
    return '["alice", "bob"]'

@app.route('/api/orders')
def orders():
    if random.random() < 0.05:  # Simule une panne du service de paiement (5 % des requêtes)
        abort(500)
    return '[{"id": 1, "total": 42.0}]'

if __name__ == '__main__':
    start_http_server(8000)  # Expose les métriques sur le port 8000
    app.run(port=5000)
