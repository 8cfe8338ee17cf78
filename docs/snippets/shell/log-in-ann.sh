log_in_ann() {   # log Ann in; her tokens go into ACCESS and REFRESH
    local answer
    answer=$(curl -s http://127.0.0.1:8000/api/auth/login/ -H "Content-Type: application/json" \
        -d '{"email": "ann@example.com", "password": "Lisbon-Sunrise-42"}')
    ACCESS=$(echo "$answer" | python -c "import json, sys; print(json.load(sys.stdin)['access'])")
    REFRESH=$(echo "$answer" | python -c "import json, sys; print(json.load(sys.stdin)['refresh'])")
}
