// Starting points for "New resource": small, valid manifests people edit rather than write from nothing.

export interface Template {
  id: string;
  label: string;
  yaml(namespace: string): string;
}

export const TEMPLATES: readonly Template[] = [
  {
    id: 'deployment', label: 'Deployment', yaml: (ns) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
`,
  },
  {
    id: 'service', label: 'Service (NodePort)', yaml: (ns) => `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: ${ns}
spec:
  type: NodePort
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 80
`,
  },
  {
    id: 'configmap', label: 'ConfigMap', yaml: (ns) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: ${ns}
data:
  LOG_LEVEL: info
`,
  },
  {
    id: 'secret', label: 'Secret', yaml: (ns) => `apiVersion: v1
kind: Secret
metadata:
  name: credentials
  namespace: ${ns}
type: Opaque
stringData:
  username: admin
  password: change-me
`,
  },
  {
    id: 'job', label: 'Job', yaml: (ns) => `apiVersion: batch/v1
kind: Job
metadata:
  name: hello
  namespace: ${ns}
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: hello
          image: busybox:1.36
          command: ["sh", "-c", "echo hello from $(hostname)"]
`,
  },
  {
    id: 'cronjob', label: 'CronJob', yaml: (ns) => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: tick
  namespace: ${ns}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: tick
              image: busybox:1.36
              command: ["date"]
`,
  },
  {
    id: 'daemonset', label: 'DaemonSet', yaml: (ns) => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  namespace: ${ns}
spec:
  selector:
    matchLabels:
      app: node-agent
  template:
    metadata:
      labels:
        app: node-agent
    spec:
      containers:
        - name: agent
          image: busybox:1.36
          command: ["sleep", "infinity"]
`,
  },
  {
    id: 'pod', label: 'Pod', yaml: (ns) => `apiVersion: v1
kind: Pod
metadata:
  name: shell
  namespace: ${ns}
spec:
  containers:
    - name: shell
      image: busybox:1.36
      command: ["sleep", "3600"]
`,
  },
];
